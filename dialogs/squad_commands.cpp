#include "dialogs/squad_commands.h"

#include <algorithm>
#include <charconv>

#include "dialogs/local_time.h"
#include "dialogs/questions.h"
#include "dialogs/text.h"

namespace achilles::dialogs {
namespace {

std::string FirstWord(std::string_view text) {
  const std::string trimmed = Trimmed(text);
  return trimmed.substr(0, trimmed.find(' '));
}

bool IsSquadCommand(std::string_view command) {
  for (const char* name : {"coach", "join", "leave", "squad", "team", "digest"}) {
    if (command == name) return true;
  }
  return false;
}

// The squad button `inbound` is: its kind ("share", "leave"), squad id and choice ("yes").
struct Pressed {
  std::string kind;
  std::optional<std::int64_t> squad;
  std::string choice;
};

std::optional<Pressed> SquadButton(const Inbound& inbound) {
  if (inbound.kind != InboundKind::kButton) return std::nullopt;
  const auto answer = ParsePayload(inbound.button);
  if (!answer || answer->flow != kSquadPayload) return std::nullopt;
  const auto dot = answer->value.find('.');
  const std::string id = answer->value.substr(0, dot);
  Pressed pressed{answer->id, std::nullopt,
                  dot == std::string::npos ? "" : answer->value.substr(dot + 1)};
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
  if (ec == std::errc() && end == id.data() + id.size() && !id.empty()) pressed.squad = value;
  return pressed;
}

// Whether what is said here only the sender sees: a private chat, or an ephemeral reply.
bool PrivateHere(const SquadView& view) { return !view.in_group || view.ephemeral_here; }

SquadChange ChangeOf(SquadChange::Kind kind, std::int64_t squad = 0) {
  SquadChange change;
  change.kind = kind;
  change.squad = squad;
  return change;
}

// One turn being written: the texts of the content, and what is said and stored.
class Turn {
 public:
  Turn(const Content& content, const SquadView& view) : content_(content), view_(view) {}

  std::string Text(std::string_view key,
                   std::initializer_list<std::pair<std::string_view, std::string>> values = {}) {
    return FillIn(content_.texts.Get(key), values);
  }
  void Say(std::string text, std::vector<std::vector<Button>> keyboard = {},
           SquadSaid::To to = SquadSaid::To::kHere) {
    turn_.said.push_back({to, Reply{std::move(text), std::move(keyboard)}});
  }
  void Change(SquadChange change) { turn_.changes.push_back(std::move(change)); }
  // Said where only the sender sees it: here when here is private, else their private chat.
  // False when neither is possible.
  bool ToSenderPrivately(std::vector<Reply> replies) {
    const bool here = PrivateHere(view_);
    if (!here && !view_.sender_reachable_privately) return false;
    for (auto& reply : replies) {  // whole: with its chart
      turn_.said.push_back(
          {here ? SquadSaid::To::kHere : SquadSaid::To::kSenderPrivately, std::move(reply)});
    }
    return true;
  }
  SquadTurn Done(bool handled) {
    turn_.handled = handled;
    return std::move(turn_);
  }

 private:
  const Content& content_;
  const SquadView& view_;
  SquadTurn turn_;
};

std::vector<std::vector<Button>> ShareButtons(Turn& turn, const SquadCard& squad) {
  const std::string id = std::to_string(squad.id);
  return {{Button{turn.Text("squad_share_yes"), Payload(kSquadPayload, "share", id + ".yes"), ""},
           Button{turn.Text("squad_share_no"), Payload(kSquadPayload, "share", id + ".no"), ""}}};
}

const SquadMembership* MembershipOf(const SquadView& view, std::int64_t squad) {
  for (const auto& membership : view.memberships) {
    if (membership.squad.id == squad) return &membership;
  }
  return nullptr;
}

// A squad code: a runner joins in private (and is asked about sharing); the coach code makes a
// co-coach.
void Join(Turn& turn, const SquadView& view, const std::string& code) {
  if (!view.named) return turn.Say(turn.Text("squad_unknown_code", {{"{code}", code}}));
  const SquadCard& squad = *view.named;
  if (view.named_by_coach_code) {
    turn.Change(ChangeOf(SquadChange::Kind::kAddCoach, squad.id));
    return turn.Say(turn.Text("squad_coach_added", {{"{squad}", squad.title}}));
  }
  // A join in a group would tell the group who shares; the question is asked in private.
  if (!PrivateHere(view)) {
    return turn.Say(turn.Text("squad_join_private", {{"{code}", code}}));
  }
  const SquadMembership* membership = MembershipOf(view, squad.id);
  if (membership != nullptr && membership->sharing) {
    return turn.Say(turn.Text("squad_already_member", {{"{squad}", squad.title}}));
  }
  if (membership == nullptr) turn.Change(ChangeOf(SquadChange::Kind::kJoin, squad.id));
  turn.Say(turn.Text("squad_share_question", {{"{squad}", squad.title}}),
           ShareButtons(turn, squad));
}

SquadTurn Press(Turn& turn, const SquadView& view, const Pressed& pressed) {
  if (!pressed.squad || !view.pressed || view.pressed->id != *pressed.squad) {
    turn.Say(turn.Text("stale_button"));
    return turn.Done(true);
  }
  const SquadCard& squad = *view.pressed;
  if (pressed.kind == "share") {
    const bool share = pressed.choice == "yes";
    if (MembershipOf(view, squad.id) == nullptr) {
      turn.Say(turn.Text("squad_none"));
    } else {
      SquadChange sharing = ChangeOf(SquadChange::Kind::kSetSharing, squad.id);
      sharing.share = share;
      turn.Change(sharing);
      turn.Say(
          turn.Text(share ? "squad_sharing_on" : "squad_sharing_off", {{"{squad}", squad.title}}));
    }
  } else if (pressed.kind == "leave") {
    turn.Change(ChangeOf(SquadChange::Kind::kLeave, squad.id));
    turn.Say(turn.Text("squad_left", {{"{squad}", squad.title}}));
  } else {
    turn.Say(turn.Text("stale_button"));
  }
  return turn.Done(true);
}

SquadTurn SetUp(Turn& turn, const Inbound& in, const SquadView& view, TimePoint now) {
  if (!view.in_group) {
    turn.Say(turn.Text("squad_coach_in_group"));
    return turn.Done(true);
  }
  if (view.here) {
    turn.Say(turn.Text("squad_exists",
                       {{"{squad}", view.here->title}, {"{code}", view.here->join_code}}));
    return turn.Done(true);
  }
  if (!view.sender_is_admin) {
    turn.Say(turn.Text("squad_admins_only"));
    return turn.Done(true);
  }
  SquadCard card;
  card.title = Trimmed(in.text);
  if (card.title.empty()) card.title = view.chat_title;
  if (card.title.empty()) card.title = "your squad";
  card.join_code = view.new_join_code;
  card.coach_code = view.new_coach_code;
  // The digest follows the coach's own zone when they have one.
  card.time_zone = ResolveTimeZone(view.sender_time_zone).value_or("UTC");
  SquadChange create = ChangeOf(SquadChange::Kind::kCreate);
  create.card = card;
  create.next = NextDigestAt(card.time_zone, kDefaultDigestTime, now);
  turn.Change(create);
  const std::string link = view.new_join_link.empty() ? "" : " or " + view.new_join_link;
  std::string announcement = turn.Text("squad_created", {{"{squad}", card.title},
                                                         {"{code}", card.join_code},
                                                         {"{link}", link},
                                                         {"{time}", card.digest_time},
                                                         {"{zone}", card.time_zone}});
  // The join code is for everyone: after a reply only the sender sees, it goes to the chat.
  turn.Say(std::move(announcement), {},
           view.ephemeral_here ? SquadSaid::To::kChat : SquadSaid::To::kHere);
  if (!turn.ToSenderPrivately({Reply{
          turn.Text("squad_coach_code", {{"{squad}", card.title}, {"{code}", card.coach_code}}),
          {}}})) {
    turn.Say(turn.Text("squad_coach_private_needed"));
  }
  return turn.Done(true);
}

SquadTurn Memberships(Turn& turn, const SquadView& view, const std::string& command) {
  if (view.memberships.empty()) {
    turn.Say(turn.Text("squad_none"));
    return turn.Done(true);
  }
  if (command == "leave") {
    for (const auto& membership : view.memberships) {
      turn.Change(ChangeOf(SquadChange::Kind::kLeave, membership.squad.id));
      turn.Say(turn.Text("squad_left", {{"{squad}", membership.squad.title}}));
    }
    return turn.Done(true);
  }
  std::string status = turn.Text("squad_status");
  std::vector<std::vector<Button>> keyboard;
  for (const auto& membership : view.memberships) {
    const std::string id = std::to_string(membership.squad.id);
    const std::string& title = membership.squad.title;
    status +=
        "\n" + title + ": " +
        (membership.sharing ? "your coaches see your check-in summary" : "private (not shared)");
    keyboard.push_back(
        {membership.sharing ? Button{turn.Text("squad_stop_sharing_button") + ": " + title,
                                     Payload(kSquadPayload, "share", id + ".no"), ""}
                            : Button{turn.Text("squad_share_button") + ": " + title,
                                     Payload(kSquadPayload, "share", id + ".yes"), ""},
         Button{turn.Text("squad_leave_button"), Payload(kSquadPayload, "leave", id), ""}});
  }
  turn.Say(std::move(status), std::move(keyboard));
  return turn.Done(true);
}

SquadTurn TeamOrDigest(Turn& turn, const Content& content, const Inbound& in, const SquadView& view,
                       TimePoint now) {
  // The squad of this chat, or in private the squads the sender coaches: coaches only.
  std::vector<SquadCard> squads;
  if (view.in_group) {
    if (!view.here) {
      turn.Say(turn.Text("squad_no_squad_here"));
      return turn.Done(true);
    }
    if (!view.sender_coaches_here) {
      turn.Say(turn.Text("squad_coaches_only"));
      return turn.Done(true);
    }
    squads.push_back(*view.here);
  } else {
    squads = view.coached;
    if (squads.empty()) {
      turn.Say(turn.Text("squad_coaches_only"));
      return turn.Done(true);
    }
  }

  if (in.command == "team") {
    std::vector<Reply> reports;
    for (const auto& squad : squads) {
      static const std::vector<SquadMember> kNobody;
      const auto found = view.sharing.find(squad.id);
      const auto& members = found == view.sharing.end() ? kNobody : found->second;
      std::string report = members.empty()
                               ? turn.Text("squad_team_empty", {{"{code}", squad.join_code}})
                               : TeamReport(content, squad.title, members, now);
      report += "\n\n";
      report +=
          turn.Text("squad_coach_code", {{"{squad}", squad.title}, {"{code}", squad.coach_code}});
      // One image of up to twelve runners goes with the report; more follow it, each saying
      // whose numbers it shows (the report above has them in words).
      std::vector<SquadChart> charts = TeamCharts(squad.title, members, now);
      Reply first{.text = std::move(report)};
      if (!charts.empty()) first.chart = Chart{.squad = std::move(charts.front())};
      reports.push_back(std::move(first));
      for (std::size_t i = 1; i < charts.size(); ++i) {
        std::string names;
        for (const auto& panel : charts[i].panels)
          names += (names.empty() ? "" : ", ") + panel.name;
        std::string title = charts[i].title;
        reports.push_back(Reply{
            .text = "**" + title + "**: " + names + " (their numbers are in the report above).",
            .chart = Chart{.squad = std::move(charts[i])}});
      }
    }
    if (!turn.ToSenderPrivately(std::move(reports))) {
      turn.Say(turn.Text("squad_coach_private_needed"));
    } else if (!PrivateHere(view)) {
      turn.Say(turn.Text("squad_team_sent_privately"));
    }
    return turn.Done(true);
  }

  // digest HH:MM [zone]
  const std::string arguments = Trimmed(in.text);
  const std::string time_text = FirstWord(arguments);
  const auto time = ParseClockTime(time_text);
  const std::string zone_text = Trimmed(arguments.substr(time_text.size()));
  const auto zone =
      zone_text.empty() ? std::optional(squads.front().time_zone) : ResolveTimeZone(zone_text);
  if (!time || !zone || squads.size() != 1) {
    turn.Say(turn.Text("squad_digest_usage"));
    return turn.Done(true);
  }
  SquadCard card = squads.front();
  card.digest_time = time_text;
  card.time_zone = *zone;
  const TimePoint next = NextDigestAt(*zone, *time, now);
  SquadChange digest = ChangeOf(SquadChange::Kind::kSetDigest, card.id);
  digest.card = card;
  digest.next = next;
  turn.Change(digest);
  turn.Say(turn.Text("squad_digest_set", {{"{squad}", card.title},
                                          {"{time}", time_text},
                                          {"{zone}", *zone},
                                          {"{when}", LocalDateTimeText(*zone, next)}}));
  return turn.Done(true);
}

}  // namespace

bool IsSquadInbound(const Inbound& inbound) {
  if (SquadButton(inbound)) return true;
  if (inbound.kind != InboundKind::kCommand) return false;
  return IsSquadCommand(inbound.command) ||
         (inbound.command == "start" && !FirstWord(inbound.text).empty());
}

std::string SquadCodeIn(const Inbound& inbound) {
  if (inbound.kind != InboundKind::kCommand) return "";
  if (inbound.command != "join" && inbound.command != "start") return "";
  return FirstWord(inbound.text);
}

std::optional<std::int64_t> SquadIdIn(const Inbound& inbound) {
  const auto pressed = SquadButton(inbound);
  return pressed ? pressed->squad : std::nullopt;
}

SquadTurn DecideSquad(const Content& content, const Inbound& in, const SquadView& view,
                      TimePoint now) {
  Turn turn(content, view);
  if (!IsSquadInbound(in)) return turn.Done(false);
  if (const auto pressed = SquadButton(in)) return Press(turn, view, *pressed);

  if (in.command == "start") {
    // A deep link with a squad code (t.me/<bot>?start=CODE): the welcome as usual, then the
    // squad; any other word after /start is the coach's to read.
    if (!view.in_group && view.named) Join(turn, view, SquadCodeIn(in));
    return turn.Done(false);
  }
  if (in.command == "coach") return SetUp(turn, in, view, now);
  if (in.command == "join") {
    const std::string code = SquadCodeIn(in);
    if (code.empty()) {
      turn.Say(turn.Text("squad_join_usage"));
    } else {
      Join(turn, view, code);
    }
    return turn.Done(true);
  }
  if (in.command == "leave" || in.command == "squad") return Memberships(turn, view, in.command);
  return TeamOrDigest(turn, content, in, view, now);
}

}  // namespace achilles::dialogs
