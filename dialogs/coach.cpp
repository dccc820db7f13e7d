#include "dialogs/coach.h"

#include <cctype>
#include <cstdio>

namespace achilles::dialogs {
namespace {

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (auto pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::string IsoDate(TimePoint t) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(t)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

// A deep-link code is what Telegram allows in a start parameter: 1-64 of [A-Za-z0-9_-].
bool IsReferralCode(std::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  for (char c : code) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-') return false;
  }
  return true;
}

Decision Say(RunnerState state, std::vector<Reply> replies) {
  return Decision{std::move(replies), std::move(state)};
}

}  // namespace

Coach::Coach(const Content& content) : content_(content) {}

Decision Coach::Decide(const RunnerState& state, const Inbound& inbound, TimePoint now) const {
  switch (inbound.kind) {
    case InboundKind::kCommand:
      return OnCommand(state, inbound, now);
    case InboundKind::kButton:
      return OnButton(state, inbound, now);
    case InboundKind::kText:
      return OnText(state, inbound);
    case InboundKind::kUnsupported:
      if (inbound.chat == ChatKind::kGroup) return Say(state, {});
      return Say(state, {Reply{content_.texts.Get("text_only"), {}}});
  }
  return Say(state, {});
}

Decision Coach::OnCommand(const RunnerState& state, const Inbound& inbound, TimePoint) const {
  if (inbound.command == "start") {
    RunnerState next = state;
    if (IsReferralCode(inbound.text)) next.referral_code = inbound.text;
    if (inbound.chat == ChatKind::kGroup) {
      return Say(next, {Reply{content_.texts.Get("group_start"), {}}});
    }
    if (!state.consented_at) return Say(next, {ConsentRequest(inbound, /*with_welcome=*/true)});
    return Say(next, {Reply{Fill("welcome_back", inbound), {}}, Help()});
  }
  if (inbound.command == "help") return Say(state, {Help()});

  Reply unknown{ReplaceAll(content_.texts.Get("unknown_command"), "{command}", inbound.command),
                {}};
  unknown.text += "\n\n" + Help().text;
  return Say(state, {unknown});
}

Decision Coach::OnButton(const RunnerState& state, const Inbound& inbound, TimePoint now) const {
  if (inbound.button == kConsentPayload) {
    if (state.consented_at) {
      return Say(state, {Reply{ReplaceAll(content_.texts.Get("consent_again"), "{date}",
                                          IsoDate(*state.consented_at)),
                               {}}});
    }
    RunnerState next = state;
    next.consented_at = now;
    return Say(next, {Reply{Fill("consent_thanks", inbound), {}}, Help()});
  }
  Reply stale{content_.texts.Get("stale_button") + "\n\n" + Help().text, {}};
  return Say(state, {stale});
}

Decision Coach::OnText(const RunnerState& state, const Inbound& inbound) const {
  // In a squad channel the bot speaks only when addressed with a command.
  if (inbound.chat == ChatKind::kGroup) return Say(state, {});
  if (!state.consented_at) return Say(state, {ConsentRequest(inbound, /*with_welcome=*/false)});
  Reply reply{content_.texts.Get("text_not_understood") + "\n\n" + Help().text, {}};
  return Say(state, {reply});
}

Reply Coach::ConsentRequest(const Inbound& inbound, bool with_welcome) const {
  std::string text = with_welcome ? Fill("welcome", inbound) : content_.texts.Get("consent_needed");
  text += "\n\n" + content_.texts.Get("disclaimer");
  return Reply{text, {{Button{content_.texts.Get("consent_button"), kConsentPayload, ""}}}};
}

Reply Coach::Help() const { return Reply{content_.texts.Get("help"), {}}; }

std::string Coach::Fill(std::string_view key, const Inbound& inbound) const {
  const std::string name = inbound.sender_name.empty() ? "there" : inbound.sender_name;
  std::string text = ReplaceAll(content_.texts.Get(key), "{name}", name);
  // "Hi there!" reads better than "Hi !", and "Thanks, there." reads worse than "Thanks.".
  if (inbound.sender_name.empty()) text = ReplaceAll(text, ", there.", ".");
  return text;
}

}  // namespace achilles::dialogs
