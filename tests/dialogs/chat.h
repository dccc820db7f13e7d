// A runner talking to the coach in tests and tools: applies each decision as the bot would.
// Pure: it drives Coach::Decide and Coach::Prompt directly.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>

#include "dialogs/coach.h"
#include "tests/support/fixtures.h"

namespace achilles::dialogs {

inline const TimePoint kNow =
    std::chrono::sys_days{std::chrono::November / 24 / 2026} + std::chrono::hours(7);
inline const Day kToday = std::chrono::sys_days{std::chrono::November / 24 / 2026};

inline bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A runner talking to the coach: applies each decision as the bot would.
class Chat {
 public:
  explicit Chat(CoachSettings settings = {})
      : coach_(achilles::testing::ShippedContent(), std::move(settings)) {}
  // With other content (which must outlive the Chat).
  explicit Chat(const Content& content) : coach_(content, {}) {}

  Decision Send(const Inbound& inbound) {
    Decision d = coach_.Decide(state, inbound, now);
    state = d.state;
    if (d.check_in) {
      std::erase_if(state.recent, [&](const DayRecord& r) { return r.day == d.check_in->day; });
      state.recent.push_back(*d.check_in);
    }
    events.insert(events.end(), d.events.begin(), d.events.end());
    return d;
  }
  // A message the bot starts (the scheduler's prompts).
  Decision Prompt(PromptKind kind) {
    Decision d = coach_.Prompt(state, kind, "Maya", now);
    state = d.state;
    events.insert(events.end(), d.events.begin(), d.events.end());
    return d;
  }
  Decision Command(std::string name, std::string args = "", ChatKind chat = ChatKind::kPrivate) {
    return Send(Inbound{InboundKind::kCommand, chat, "Maya", std::move(args), std::move(name), ""});
  }
  Decision Type(std::string text, ChatKind chat = ChatKind::kPrivate) {
    return Send(Inbound{InboundKind::kText, chat, "Maya", std::move(text), "", ""});
  }
  Decision Press(std::string payload) {
    return Send(
        Inbound{InboundKind::kButton, ChatKind::kPrivate, "Maya", "", "", std::move(payload)});
  }
  // Presses the button labelled `label` in the last reply that has one.
  Decision PressLabel(const Decision& last, const std::string& label) {
    for (auto it = last.replies.rbegin(); it != last.replies.rend(); ++it) {
      for (const auto& row : it->keyboard) {
        for (const auto& button : row) {
          if (button.label == label) return Press(button.payload);
        }
      }
    }
    throw std::runtime_error("no button " + label);  // a test failure under GoogleTest
  }

  // Consent and the whole onboarding by buttons, for a mid-portion runner who can do 10
  // single-leg heel raises with `raise_pain`.
  Decision Onboard(const std::string& raise_pain = "2",
                   const std::string& site = "2-6 cm above the heel") {
    Press(kConsentPayload);
    Decision d = Press("ob:side:left");
    d = PressLabel(d, site);
    d = Press("ob:duration:3 to 6 months");
    d = Press("ob:weekly:30");
    d = Press("ob:longest:10");
    d = Press("ob:goal:run without pain");
    d = Press("ob:raises:yes");
    d = Press("ob:raisepain:" + raise_pain);
    for (const char* id :
         {"rf_rupture", "rf_quinolone", "rf_infection", "rf_nerve", "rf_systemic", "rf_steroid"}) {
      d = Press(std::string("ob:") + id + ":no");
    }
    d = Press("ob:tz:Europe/Berlin");
    Press("ob:time:07:00");
    return Press("ob:review:0");
  }

  static std::string AllText(const Decision& d) {
    std::string text;
    for (const auto& reply : d.replies) text += reply.text + "\n---\n";
    return text;
  }

  RunnerState state;
  TimePoint now = kNow;
  std::vector<CoachEvent> events;

 private:
  Coach coach_;
};

inline CheckIn Morning(int stiffness, bool did_session, std::optional<int> rehab = {},
                       std::optional<double> km = {}) {
  CheckIn c;
  c.morning_stiffness = stiffness;
  c.did_session = did_session;
  c.rehab_pain = rehab;
  c.run_km = km;
  return c;
}

inline bool HasEvent(const Chat& chat, CoachEvent::Kind kind) {
  return std::any_of(chat.events.begin(), chat.events.end(),
                     [&](const CoachEvent& e) { return e.kind == kind; });
}

}  // namespace achilles::dialogs
