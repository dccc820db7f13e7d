// The coaching brain's entry point: one pure function of (runner state, inbound message, now).
//
// No I/O, no clock reads, no globals: a Coach may be shared between threads once built.
#pragma once

#include <string>
#include <string_view>

#include "dialogs/content.h"
#include "dialogs/decision.h"
#include "dialogs/inbound.h"
#include "dialogs/knowledge.h"
#include "dialogs/red_flags.h"
#include "dialogs/runner_state.h"
#include "dialogs/schedule.h"
#include "dialogs/time.h"

namespace achilles::dialogs {

// Button payloads the coach renders and understands when they come back.
inline constexpr char kConsentPayload[] = "consent:yes";
inline constexpr char kBookPayload[] = "book:tap";
inline constexpr char kPlanPayload[] = "plan:today";
inline constexpr char kForgetPayload[] = "forget:yes";  // confirms /forget
inline constexpr char kKeepPayload[] = "forget:no";
inline constexpr char kTopicPayloadPrefix[] = "kb:";  // + a knowledge entry's id
// Under an answer: "That answered it" and "Not what I asked", + the entry's id.
inline constexpr char kHelpedPayloadPrefix[] = "kbok:";
inline constexpr char kMissedPayloadPrefix[] = "kbno:";

struct CoachSettings {
  std::string booking_url;  // the coach's consult booking link; empty: "contact your coach"
  ScheduleSettings schedule;
};

class Coach {
 public:
  // `content` must outlive the Coach.
  explicit Coach(const Content& content, CoachSettings settings = {});

  // What to say to `inbound` from a runner in `state`, and the runner's next state. Never fails:
  // input the coach cannot use gets a reply that says what it expected (or, in a group chat,
  // silence, so a squad channel is not spammed).
  Decision Decide(const RunnerState& state, const Inbound& inbound, TimePoint now) const;

  // A message the bot starts in the runner's private chat (bot/schedule/scheduler sends them when
  // dialogs/schedule.h says): the check-in prompt, its reminder, or the weekly review.
  // `name` is the runner's first name.
  Decision Prompt(const RunnerState& state, PromptKind kind, std::string_view name,
                  TimePoint now) const;

  const RedFlagScanner& scanner() const { return scanner_; }
  const CoachSettings& settings() const { return settings_; }
  const Content& content() const { return content_; }
  const KnowledgeBase& knowledge() const { return knowledge_; }

 private:
  const Content& content_;
  CoachSettings settings_;
  RedFlagScanner scanner_;
  KnowledgeBase knowledge_;
};

}  // namespace achilles::dialogs
