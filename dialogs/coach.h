// The coaching brain's entry point: one pure function of (runner state, inbound message, now).
//
// No I/O, no clock reads, no globals: a Coach may be shared between threads once built.
#pragma once

#include "dialogs/content.h"
#include "dialogs/decision.h"
#include "dialogs/inbound.h"
#include "dialogs/runner_state.h"
#include "dialogs/time.h"

namespace achilles::dialogs {

// Button payloads the coach renders and understands when they come back.
inline constexpr char kConsentPayload[] = "consent:yes";

class Coach {
 public:
  // `content` must outlive the Coach.
  explicit Coach(const Content& content);

  // What to say to `inbound` from a runner in `state`, and the runner's next state. Never fails:
  // input the coach cannot use gets a reply that says what it expected (or, in a group chat,
  // silence, so a squad channel is not spammed).
  Decision Decide(const RunnerState& state, const Inbound& inbound, TimePoint now) const;

 private:
  Decision OnCommand(const RunnerState& state, const Inbound& inbound, TimePoint now) const;
  Decision OnButton(const RunnerState& state, const Inbound& inbound, TimePoint now) const;
  Decision OnText(const RunnerState& state, const Inbound& inbound) const;

  Reply ConsentRequest(const Inbound& inbound, bool with_welcome) const;
  Reply Help() const;
  std::string Fill(std::string_view key, const Inbound& inbound) const;

  const Content& content_;
};

}  // namespace achilles::dialogs
