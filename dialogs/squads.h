// What a coach sees of a squad and what they are told, as pure functions over the states of the
// runners who share with them: the /team lines, the alerts a runner's decision raises, the quiet
// alert, and the daily digest's counts. Storage and delivery live in storage/ and bot/.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialogs/content.h"
#include "dialogs/decision.h"
#include "dialogs/runner_state.h"

namespace achilles::dialogs {

// A squad as the dialogs see it (where it lives on the platform stays with the caller).
struct SquadCard {
  std::int64_t id = 0;
  std::string title;
  std::string join_code;   // runners join with it
  std::string coach_code;  // co-coaches join with it; shown to coaches only
  std::string time_zone;   // the digest's
  std::string digest_time = "18:00";
};

struct SquadMembership {
  SquadCard squad;
  bool sharing = false;  // the runner said yes to sharing with its coaches
};

struct DatedEvent {
  CoachEvent event;
  TimePoint at;
};

// A runner who shares with the squad's coaches: their state with the recent check-ins loaded,
// and their coach events.
struct SquadMember {
  std::string name;
  RunnerState state;
  std::vector<DatedEvent> events;
};

// Days without a check-in after which the coaches hear about it.
inline constexpr int kQuietDays = 3;
// How far back a flare-up, red flag or consult request keeps a flag open on /team.
inline constexpr int kFlagDays = 14;

// The open flags: a red flag or consult request in the last 14 days, a flare-up in the last 14,
// no check-in for 3+ days. Words, in the order a coach should read them.
std::vector<std::string> OpenFlags(const SquadMember& member, TimePoint now);

// One /team line: name, last check-in, 7-day stiffness and pain sparklines with a trend arrow,
// phase and week, sessions done this week, open flags.
std::string TeamLine(const Content& content, const SquadMember& member, TimePoint now);

// The whole report under `heading` ("Squad Harriers", "Weekly summary: Harriers").
std::string TeamReport(const Content& content, std::string_view heading,
                       const std::vector<SquadMember>& members, TimePoint now);

// The /team charts of `members` (a panel each, in the report's order, kPanelsPerChart to an
// image), titled with `heading`; none when nobody shares.
std::vector<SquadChart> TeamCharts(std::string_view heading,
                                   const std::vector<SquadMember>& members, TimePoint now);

// Something the coaches should hear about now. `kind` and `key` make it go once.
struct CoachAlert {
  std::string kind;  // "red_flag", "second_flare", "consult", "quiet"
  std::string key;   // what makes this one distinct (the day, the last check-in day)
  std::string text;
};

// The alerts `decision` raises about `member` (whose state is the decision's): a red flag, a
// second flare-up within 14 days, a consult asked for or a booking tapped. Each carries the
// runner's recent summary so the consult starts informed.
std::vector<CoachAlert> AlertsFor(const Content& content, const SquadMember& member,
                                  const Decision& decision, TimePoint now);

// The squads whose coaches hear about a runner (their alerts, their place in /team and the
// digest): those the runner said yes to sharing with, and only those.
std::vector<SquadCard> SquadsThatHear(const std::vector<SquadMembership>& memberships);

// A digest due at `due` and looked at `now`: more than `catch_up` late (the service was down),
// it is skipped, since today's counts under yesterday's digest would mislead.
bool DigestMissed(TimePoint due, TimePoint now, std::chrono::minutes catch_up);

// No check-in for kQuietDays or more (counted from the last one, or from joining when there is
// none and they onboarded): the alert, keyed by that last day so it goes once per quiet spell.
std::optional<CoachAlert> QuietAlert(const Content& content, const SquadMember& member,
                                     TimePoint now);

// The daily digest in the squad's channel: counts only, never a name.
struct DigestCounts {
  int members = 0;     // runners sharing with the squad
  int checked_in = 0;  // of them, checked in today (their local day)
  int flare_ups = 0;   // flare-ups recorded today (each runner's local day)
  int consults = 0;    // consults asked for today
};
DigestCounts CountToday(const std::vector<SquadMember>& members, TimePoint now);
std::string DigestText(const Content& content, std::string_view squad_title,
                       const DigestCounts& counts);

// The first moment after `now` when the clocks in `zone` show `time_of_day`.
TimePoint NextDigestAt(std::string_view zone, std::chrono::minutes time_of_day, TimePoint now);

// The weekly summary goes with the digest that falls on a Sunday in the squad's zone.
bool WeeklySummaryDay(std::string_view zone, TimePoint digest_at);

// Whether a squad closes when one of its coaches asks to be forgotten, given how many coaches it
// has with them: a squad left with no coach has nobody to see its runners or hear their alerts,
// so it closes (its runners' memberships and sharing go with it); with another coach it goes on.
bool ClosesWhenCoachForgotten(int coaches);

}  // namespace achilles::dialogs
