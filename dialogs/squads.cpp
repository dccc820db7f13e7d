#include "dialogs/squads.h"

#include <algorithm>

#include "dialogs/local_time.h"
#include "dialogs/summary.h"
#include "dialogs/text.h"
#include "dialogs/turn.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;

std::optional<Day> LastCheckIn(const RunnerState& state) {
  std::optional<Day> last;
  for (const auto& record : state.recent) {
    if (!last || record.day > *last) last = record.day;
  }
  return last;
}

bool Within(TimePoint at, TimePoint now, int span_days) {
  return at <= now && now - at < days(span_days);
}

// "today", "yesterday", "3 days ago", "none yet".
std::string WhenText(std::optional<Day> day, Day today) {
  if (!day) return "none yet";
  const auto ago = (today - *day).count();
  if (ago <= 0) return "today";
  if (ago == 1) return "yesterday";
  return std::to_string(ago) + " days ago";
}

// ↗ worse, ↘ better, → steady: the last three days with a score against the four before.
std::string Trend(const std::vector<std::optional<int>>& week) {
  auto mean = [](auto first, auto last) -> std::optional<double> {
    double sum = 0;
    int n = 0;
    for (auto it = first; it != last; ++it) {
      if (*it) {
        sum += **it;
        ++n;
      }
    }
    return n == 0 ? std::nullopt : std::optional(sum / n);
  };
  const auto before = mean(week.begin(), week.begin() + 4);
  const auto after = mean(week.begin() + 4, week.end());
  if (!before || !after) return "";
  if (*after - *before >= 1) return "↗";
  if (*before - *after >= 1) return "↘";
  return "→";
}

std::string Sentence(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  if (!text.empty() && text.back() != '.') text += '.';
  return text;
}

}  // namespace

std::vector<std::string> OpenFlags(const SquadMember& member, TimePoint now) {
  std::vector<std::string> flags;
  bool red = false;
  bool consult = false;
  bool flare = false;
  std::optional<TimePoint> last_red;
  std::optional<TimePoint> last_cleared;
  for (const auto& dated : member.events) {
    if (!Within(dated.at, now, kFlagDays)) continue;
    red |= dated.event.kind == CoachEvent::Kind::kRedFlag;
    consult |= dated.event.kind == CoachEvent::Kind::kConsultRequested;
    flare |= dated.event.kind == CoachEvent::Kind::kFlareUp;
    if (dated.event.kind == CoachEvent::Kind::kRedFlag)
      last_red = std::max(last_red, std::optional(dated.at));
    if (dated.event.kind == CoachEvent::Kind::kSeen &&
        dated.event.detail.find("cleared") != std::string::npos) {
      last_cleared = std::max(last_cleared, std::optional(dated.at));
    }
  }
  const Day today = LocalDay(member.state, now);
  const auto last = LastCheckIn(member.state);
  const bool quiet =
      member.state.onboarded_at && (last ? (today - *last).count() >= kQuietDays
                                         : now - *member.state.onboarded_at >= days(kQuietDays));
  // R28: where a STOP stands: on hold until seen, seen and told to rest, or seen and cleared.
  if (member.state.stop) {
    flags.emplace_back(member.state.stop->told_to_rest ? "RED FLAG (seen, told to rest)"
                                                       : "RED FLAG (on hold, not seen yet)");
  } else if (red) {
    flags.emplace_back(last_cleared && last_red && *last_cleared >= *last_red
                           ? "RED FLAG (seen and cleared)"
                           : "RED FLAG");
  }
  if (flare) flags.emplace_back("flare-up");
  if (consult) flags.emplace_back("consult requested");
  if (quiet) flags.emplace_back("no check-in 3+ days");
  return flags;
}

std::string TeamLine(const Content& content, const SquadMember& member, TimePoint now) {
  const RunnerState& state = member.state;
  const Day today = LocalDay(state, now);
  std::vector<std::optional<int>> stiffness;
  std::vector<std::optional<int>> pain;
  for (int back = 6; back >= 0; --back) {
    const DayRecord* record = RecordOn(state.recent, today - days(back));
    stiffness.push_back(record ? record->check_in.morning_stiffness : std::nullopt);
    pain.push_back(record ? WorstPain(record->check_in) : std::nullopt);
  }
  const Summary week = Summarise(state.recent, today - days(6), today);
  std::string line = "**";
  line += member.name.empty() ? std::string("(no name)") : member.name;
  line += "**: last check-in ";
  line += WhenText(LastCheckIn(state), today);
  line += "\nstiffness ";
  line += Sparkline(stiffness);
  line += Trend(stiffness);
  line += "  pain ";
  line += Sparkline(pain);
  line += Trend(pain);
  line += "\n";
  line += state.onboarded_at
              ? Prescribe(content.programme, state.progress.at, CoachedSite(state), DayKind::kHeavy)
                    .title
              : std::string("not onboarded yet");
  line += " · sessions this week ";
  line += std::to_string(week.sessions_done);
  line += "/";
  line += std::to_string(week.sessions_reported);
  const auto flags = OpenFlags(member, now);
  if (!flags.empty()) {
    line += "\nOpen: ";
    for (std::size_t i = 0; i < flags.size(); ++i) {
      if (i > 0) line += ", ";
      line += flags[i];
    }
  }
  return line;
}

namespace {

// The order /team shows runners in: flagged first, then by name.
std::vector<const SquadMember*> ReportOrder(const std::vector<SquadMember>& members,
                                            TimePoint now) {
  std::vector<const SquadMember*> order;
  for (const auto& member : members) order.push_back(&member);
  std::stable_sort(order.begin(), order.end(), [&](const SquadMember* a, const SquadMember* b) {
    const bool fa = !OpenFlags(*a, now).empty();
    const bool fb = !OpenFlags(*b, now).empty();
    if (fa != fb) return fa;
    return a->name < b->name;
  });
  return order;
}

}  // namespace

std::string TeamReport(const Content& content, std::string_view heading,
                       const std::vector<SquadMember>& members, TimePoint now) {
  std::string report = "**";
  report += heading;
  report += "** (";
  report += std::to_string(members.size());
  report += members.size() == 1 ? " runner sharing)" : " runners sharing)";
  for (const SquadMember* member : ReportOrder(members, now)) {
    report += "\n\n";
    report += TeamLine(content, *member, now);
  }
  report += "\n\n(7 days, oldest on the left; · no check-in; ↗ worse ↘ better)";
  return report;
}

std::vector<SquadChart> TeamCharts(std::string_view heading,
                                   const std::vector<SquadMember>& members, TimePoint now) {
  std::vector<SquadChart> charts;
  for (const SquadMember* member : ReportOrder(members, now)) {
    if (charts.empty() || charts.back().panels.size() == kPanelsPerChart) charts.emplace_back();
    const Day today = LocalDay(member->state, now);
    charts.back().panels.push_back(
        ChartPanel{.name = member->name.empty() ? std::string("(no name)") : member->name,
                   .days = ChartDays(member->state, today - days(kPanelDays - 1), today),
                   .flags = OpenFlags(*member, now)});
  }
  for (std::size_t i = 0; i < charts.size(); ++i) {
    charts[i].title = std::string(heading) + ": the last " + std::to_string(kPanelDays) + " days";
    if (charts.size() > 1) {
      charts[i].title +=
          " (" + std::to_string(i + 1) + " of " + std::to_string(charts.size()) + ")";
    }
  }
  return charts;
}

std::vector<CoachAlert> AlertsFor(const Content& content, const SquadMember& member,
                                  const Decision& decision, TimePoint now) {
  std::vector<CoachAlert> alerts;
  const Texts& texts = content.texts;
  const Day today = LocalDay(member.state, now);
  const std::string day_key = IsoDate(today);
  // Under each alert, the runner's recent summary: the consult starts informed.
  const std::string summary = "\n\n" + TeamLine(content, member, now);
  for (const auto& event : decision.events) {
    switch (event.kind) {
      case CoachEvent::Kind::kRedFlag: {
        const auto colon = event.detail.find(':');
        const std::string rule = event.detail.substr(0, colon);
        const bool stop = IsStopRule(rule);
        std::string text = FillIn(texts.Get("squad_alert_red_flag"),
                                  {{"{name}", member.name},
                                   {"{rule}", rule},
                                   {"{what}", stop ? "stop and get urgent care today."
                                                   : "book a consult; coaching goes on."}});
        alerts.push_back({"red_flag", day_key + " " + rule, text + summary});
        break;
      }
      case CoachEvent::Kind::kFlareUp: {
        // R9 with a repeat within the window: the second flare-up in 14 days.
        const int window = content.programme.thresholds.repeat_flare_days;
        const auto& flares = member.state.progress.flare_days;
        const bool repeat = std::any_of(flares.begin(), flares.end(), [&](Day d) {
          return d < today && (today - d).count() < window;
        });
        if (repeat) {
          alerts.push_back(
              {"second_flare", day_key,
               FillIn(texts.Get("squad_alert_second_flare"), {{"{name}", member.name}}) + summary});
        }
        break;
      }
      case CoachEvent::Kind::kConsultRequested:
        alerts.push_back({"consult", day_key,
                          FillIn(texts.Get("squad_alert_consult"),
                                 {{"{name}", member.name}, {"{why}", Sentence(event.detail)}}) +
                              summary});
        break;
      case CoachEvent::Kind::kSeen:
        // R28: what the runner was told after a STOP, like any event.
        alerts.push_back({"seen", day_key + " " + event.detail,
                          FillIn(texts.Get("squad_alert_seen"),
                                 {{"{name}", member.name}, {"{what}", event.detail}}) +
                              summary});
        break;
      case CoachEvent::Kind::kConsultPrompted:
      case CoachEvent::Kind::kBarrier:
      case CoachEvent::Kind::kQuestionAnswered:
      case CoachEvent::Kind::kQuestionUnsure:
      case CoachEvent::Kind::kQuestionOutOfScope:
      case CoachEvent::Kind::kAnswerFeedback:
        break;
    }
  }
  return alerts;
}

std::optional<CoachAlert> QuietAlert(const Content& content, const SquadMember& member,
                                     TimePoint now) {
  if (!member.state.onboarded_at) return std::nullopt;
  const Day today = LocalDay(member.state, now);
  if (member.state.paused_until && *member.state.paused_until >= today) return std::nullopt;
  const auto last = LastCheckIn(member.state);
  const Day since = last.value_or(std::chrono::floor<days>(*member.state.onboarded_at));
  const auto quiet = (today - since).count();
  if (quiet < kQuietDays) return std::nullopt;
  return CoachAlert{
      "quiet", IsoDate(since),
      FillIn(content.texts.Get("squad_alert_quiet"),
             {{"{name}", member.name},
              {"{days}", std::to_string(quiet)},
              {"{last}", last ? IsoDate(*last) : std::string("none since joining")}})};
}

DigestCounts CountToday(const std::vector<SquadMember>& members, TimePoint now) {
  DigestCounts counts;
  counts.members = static_cast<int>(members.size());
  for (const auto& member : members) {
    const Day today = LocalDay(member.state, now);
    if (RecordOn(member.state.recent, today) != nullptr) ++counts.checked_in;
    for (const auto& dated : member.events) {
      if (LocalDay(member.state, dated.at) != today) continue;
      if (dated.event.kind == CoachEvent::Kind::kFlareUp) ++counts.flare_ups;
      if (dated.event.kind == CoachEvent::Kind::kConsultRequested) ++counts.consults;
    }
  }
  return counts;
}

std::string DigestText(const Content& content, std::string_view squad_title,
                       const DigestCounts& counts) {
  return FillIn(content.texts.Get("squad_digest"),
                {{"{squad}", std::string(squad_title)},
                 {"{checked_in}", std::to_string(counts.checked_in)},
                 {"{members}", std::to_string(counts.members)},
                 {"{flare_ups}", std::to_string(counts.flare_ups)},
                 {"{flare_s}", counts.flare_ups == 1 ? "" : "s"},
                 {"{consults}", std::to_string(counts.consults)},
                 {"{consult_s}", counts.consults == 1 ? "" : "s"}});
}

TimePoint NextDigestAt(std::string_view zone, std::chrono::minutes time_of_day, TimePoint now) {
  Day day = LocalDayIn(zone, now);
  TimePoint at = LocalTimeOn(zone, day, time_of_day);
  while (at <= now) {
    day += days(1);
    at = LocalTimeOn(zone, day, time_of_day);
  }
  return at;
}

bool WeeklySummaryDay(std::string_view zone, TimePoint digest_at) {
  return std::chrono::weekday(LocalDayIn(zone, digest_at)) == std::chrono::Sunday;
}

bool ClosesWhenCoachForgotten(int coaches) { return coaches <= 1; }

std::vector<SquadCard> SquadsThatHear(const std::vector<SquadMembership>& memberships) {
  std::vector<SquadCard> squads;
  for (const auto& membership : memberships) {
    if (membership.sharing) squads.push_back(membership.squad);
  }
  return squads;
}

bool DigestMissed(TimePoint due, TimePoint now, std::chrono::minutes catch_up) {
  return now - due > catch_up;
}

}  // namespace achilles::dialogs
