#include "bot/inbound/squad_desk.h"

#include <random>

#include "dialogs/local_time.h"
#include "dialogs/questions.h"
#include "dialogs/squads.h"
#include "dialogs/text.h"
#include "storage/checkins.h"
#include "storage/squads.h"

namespace achilles::bot {
namespace {

using dialogs::Button;
using dialogs::Reply;

constexpr char kSquadPayload[] = "sq";  // sq:share:<id>:yes|no, sq:leave:<id>
constexpr std::chrono::minutes kDefaultDigestTime{18 * 60};

// 8 characters without look-alikes (no 0/O, 1/I/L): about 10^12 codes.
std::string NewCode() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 2);
  std::string code;
  for (int i = 0; i < 8; ++i) code += kAlphabet[pick(random)];
  return code;
}

std::string FirstWord(std::string_view text) {
  const std::string trimmed = dialogs::Trimmed(text);
  return trimmed.substr(0, trimmed.find(' '));
}

bool IsSquadCommand(std::string_view command) {
  for (const char* name : {"coach", "join", "leave", "squad", "team", "digest"}) {
    if (command == name) return true;
  }
  return false;
}

// A person's private chat with the bot: known, or (where the platform can open one) by user id.
std::optional<ReplyAddress> Privately(const storage::Runner& person, bool can_open_private) {
  if (!person.private_chat_id && !can_open_private) return std::nullopt;
  ReplyAddress to = ReplyAddress::Chat(person.private_chat_id.value_or(""),
                                       storage::ChatScope::kPrivate, person.id);
  to.user_id = person.platform_user_id;
  return to;
}

dialogs::SquadMember LoadMember(storage::Session& session, std::int64_t runner_id, TimePoint now) {
  dialogs::SquadMember member;
  auto runner = storage::LoadRunner(session, runner_id);
  if (!runner) return member;
  storage::LoadCoachingContext(session, *runner, now);
  member.name = runner->display_name;
  member.state = std::move(runner->state);
  for (const auto& stored : storage::EventsFor(session, runner_id)) {
    if (now - stored.at < std::chrono::days(dialogs::kFlagDays + 1)) {
      member.events.push_back({stored.event, stored.at});
    }
  }
  return member;
}

std::vector<dialogs::SquadMember> LoadMembers(storage::Session& session,
                                              const std::vector<std::int64_t>& ids, TimePoint now) {
  std::vector<dialogs::SquadMember> members;
  for (const auto id : ids) members.push_back(LoadMember(session, id, now));
  return members;
}

std::vector<dialogs::SquadMember> SharingMembers(storage::Session& session, std::int64_t squad_id,
                                                 TimePoint now) {
  return LoadMembers(session, storage::MembersOf(session, squad_id, /*sharing_only=*/true), now);
}

}  // namespace

void CloseSquadsOfForgottenCoach(storage::Session& session, std::int64_t coach_id) {
  for (const auto& squad : storage::SquadsCoachedBy(session, coach_id)) {
    const auto coaches = static_cast<int>(storage::CoachesOf(session, squad.id).size());
    if (dialogs::ClosesWhenCoachForgotten(coaches)) storage::CloseSquad(session, squad.id);
  }
}

SquadDesk::SquadDesk(const dialogs::Coach& coach) : coach_(coach) {}

SquadDesk::Outcome SquadDesk::Handle(storage::Session& session, const Envelope& envelope,
                                     const storage::Runner& sender, const ReplyRenderer& platform,
                                     TimePoint now) const {
  const dialogs::Inbound& in = envelope.inbound;
  const auto& texts = coach_.content().texts;
  auto text = [&](std::string_view key,
                  std::initializer_list<std::pair<std::string_view, std::string>> values = {}) {
    return dialogs::FillIn(texts.Get(key), values);
  };
  const bool in_group = in.chat == dialogs::ChatKind::kGroup;
  // A Discord reply to an interaction is ephemeral in a server: as private as a private chat.
  const bool private_here = !in_group || envelope.interaction.has_value();
  const bool can_open_private = platform.CanOpenPrivateChat();
  Outcome outcome;
  const ReplyAddress here = AddressOf(envelope, sender.id);
  auto say = [&](std::string reply, std::vector<std::vector<Button>> keyboard = {}) {
    if (outcome.messages.empty() || outcome.messages.back().to.chat_id != here.chat_id ||
        outcome.messages.back().to.scope != here.scope) {
      outcome.messages.push_back({here, {}});
    }
    outcome.messages.back().replies.push_back(Reply{std::move(reply), std::move(keyboard)});
  };
  auto to_coach_privately = [&](std::vector<Reply> replies) -> bool {
    if (private_here) {
      for (auto& reply : replies) say(std::move(reply.text), std::move(reply.keyboard));
      return true;
    }
    auto address = Privately(sender, can_open_private);
    if (!address) return false;
    outcome.messages.push_back({*address, std::move(replies)});
    return true;
  };
  auto team_report = [&](const storage::Squad& squad) {
    const auto members = SharingMembers(session, squad.id, now);
    std::string report = members.empty()
                             ? text("squad_team_empty", {{"{code}", squad.join_code}})
                             : dialogs::TeamReport(coach_.content(), squad.title, members, now);
    report += "\n\n";
    report += text("squad_coach_code", {{"{squad}", squad.title}, {"{code}", squad.coach_code}});
    return Reply{std::move(report), {}};
  };
  auto ask_to_share = [&](const storage::Squad& squad) {
    const std::string id = std::to_string(squad.id);
    say(text("squad_share_question", {{"{squad}", squad.title}}),
        {{Button{text("squad_share_yes"), dialogs::Payload(kSquadPayload, "share", id + ".yes"),
                 ""},
          Button{text("squad_share_no"), dialogs::Payload(kSquadPayload, "share", id + ".no"),
                 ""}}});
  };
  // A squad code: a runner joins (and is asked about sharing), a co-coach becomes a coach.
  auto join = [&](const std::string& code) {
    auto match = storage::SquadByCode(session, envelope.platform, code);
    if (!match) return say(text("squad_unknown_code", {{"{code}", code}}));
    if (match->coach) {
      storage::AddCoach(session, match->squad.id, sender.id);
      return say(text("squad_coach_added", {{"{squad}", match->squad.title}}));
    }
    if (!private_here) return say(text("squad_join_private", {{"{code}", code}}));
    const bool joined = storage::JoinSquad(session, match->squad.id, sender.id, now);
    const auto memberships = storage::MembershipsOf(session, sender.id);
    const bool sharing = std::any_of(memberships.begin(), memberships.end(), [&](const auto& m) {
      return m.squad.id == match->squad.id && m.sharing;
    });
    if (!joined && sharing)
      return say(text("squad_already_member", {{"{squad}", match->squad.title}}));
    ask_to_share(match->squad);
  };

  if (in.kind == dialogs::InboundKind::kCommand && in.command == "start") {
    // A t.me/<bot>?start=CODE deep link: the welcome as usual, then the squad.
    const std::string code = FirstWord(in.text);
    if (!code.empty() && !in_group && storage::SquadByCode(session, envelope.platform, code)) {
      join(code);
    }
    return outcome;  // handled stays false
  }

  if (in.kind == dialogs::InboundKind::kButton) {
    const auto answer = dialogs::ParsePayload(in.button);
    if (!answer || answer->flow != kSquadPayload) return outcome;
    outcome.handled = true;
    const auto dot = answer->value.find('.');
    const std::string id_text = answer->value.substr(0, dot);
    const std::string choice = dot == std::string::npos ? "" : answer->value.substr(dot + 1);
    std::int64_t squad_id = 0;
    try {
      squad_id = std::stoll(id_text);
    } catch (const std::exception&) {
      say(texts.Get("stale_button"));
      return outcome;
    }
    const auto squad = storage::SquadById(session, squad_id);
    if (!squad) {
      say(texts.Get("stale_button"));
      return outcome;
    }
    if (answer->id == "share") {
      const bool share = choice == "yes";
      if (!storage::SetSharing(session, squad->id, sender.id, share, now)) {
        say(text("squad_none"));
      } else {
        say(text(share ? "squad_sharing_on" : "squad_sharing_off", {{"{squad}", squad->title}}));
      }
    } else if (answer->id == "leave") {
      storage::LeaveSquad(session, squad->id, sender.id);
      say(text("squad_left", {{"{squad}", squad->title}}));
    } else {
      say(texts.Get("stale_button"));
    }
    return outcome;
  }

  if (in.kind != dialogs::InboundKind::kCommand || !IsSquadCommand(in.command)) return outcome;
  outcome.handled = true;
  const std::string& command = in.command;

  if (command == "coach") {
    if (!in_group) {
      say(text("squad_coach_in_group"));
      return outcome;
    }
    if (auto existing = storage::SquadForChat(session, envelope.platform, envelope.chat_id)) {
      say(text("squad_exists", {{"{squad}", existing->title}, {"{code}", existing->join_code}}));
      return outcome;
    }
    if (!envelope.sender_is_admin) {
      say(text("squad_admins_only"));
      return outcome;
    }
    storage::NewSquad fresh;
    fresh.platform = envelope.platform;
    fresh.chat_id = envelope.chat_id;
    fresh.thread_id = envelope.thread_id;
    fresh.title = dialogs::Trimmed(in.text);
    if (fresh.title.empty()) fresh.title = envelope.chat_title;
    if (fresh.title.empty()) fresh.title = "your squad";
    fresh.join_code = NewCode();
    fresh.coach_code = NewCode();
    // The digest follows the coach's own zone when they have one.
    fresh.time_zone = dialogs::ResolveTimeZone(sender.state.profile.time_zone).value_or("UTC");
    const auto squad = storage::CreateSquad(session, fresh, sender.id, now);
    storage::SetDigest(session, squad.id, squad.digest_time, squad.time_zone,
                       dialogs::NextDigestAt(squad.time_zone, kDefaultDigestTime, now));
    std::string link = platform.StartLink(squad.join_code);
    if (!link.empty()) link = " or " + link;
    std::string announcement = text("squad_created", {{"{squad}", squad.title},
                                                      {"{code}", squad.join_code},
                                                      {"{link}", link},
                                                      {"{time}", squad.digest_time},
                                                      {"{zone}", squad.time_zone}});
    if (envelope.interaction) {
      // Discord answers an interaction in a server only to the caller: the join code is for
      // everyone, so it goes to the channel as a post of its own.
      ReplyAddress channel = here;
      channel.interaction.reset();
      channel.runner_id.reset();
      outcome.messages.push_back({channel, {Reply{std::move(announcement), {}}}});
    } else {
      say(std::move(announcement));
    }
    if (!to_coach_privately({Reply{
            text("squad_coach_code", {{"{squad}", squad.title}, {"{code}", squad.coach_code}}),
            {}}})) {
      say(text("squad_coach_private_needed"));
    }
    return outcome;
  }

  if (command == "join") {
    const std::string code = FirstWord(in.text);
    if (code.empty()) {
      say(text("squad_join_usage"));
    } else {
      join(code);
    }
    return outcome;
  }

  if (command == "leave" || command == "squad") {
    const auto memberships = storage::MembershipsOf(session, sender.id);
    if (memberships.empty()) {
      say(text("squad_none"));
      return outcome;
    }
    if (command == "leave") {
      for (const auto& membership : memberships) {
        storage::LeaveSquad(session, membership.squad.id, sender.id);
        say(text("squad_left", {{"{squad}", membership.squad.title}}));
      }
      return outcome;
    }
    std::string status = text("squad_status");
    std::vector<std::vector<Button>> keyboard;
    for (const auto& membership : memberships) {
      const std::string id = std::to_string(membership.squad.id);
      status +=
          "\n" + membership.squad.title + ": " +
          (membership.sharing ? "your coaches see your check-in summary" : "private (not shared)");
      keyboard.push_back(
          {membership.sharing
               ? Button{text("squad_stop_sharing_button") + ": " + membership.squad.title,
                        dialogs::Payload(kSquadPayload, "share", id + ".no"), ""}
               : Button{text("squad_share_button") + ": " + membership.squad.title,
                        dialogs::Payload(kSquadPayload, "share", id + ".yes"), ""},
           Button{text("squad_leave_button"), dialogs::Payload(kSquadPayload, "leave", id), ""}});
    }
    say(status, std::move(keyboard));
    return outcome;
  }

  // team, digest: the squad of this chat, or in private the squads the sender coaches.
  std::vector<storage::Squad> squads;
  if (in_group) {
    auto squad = storage::SquadForChat(session, envelope.platform, envelope.chat_id);
    if (!squad) {
      say(text("squad_no_squad_here"));
      return outcome;
    }
    if (!storage::IsCoach(session, squad->id, sender.id)) {
      say(text("squad_coaches_only"));
      return outcome;
    }
    squads.push_back(std::move(*squad));
  } else {
    squads = storage::SquadsCoachedBy(session, sender.id);
    if (squads.empty()) {
      say(text("squad_coaches_only"));
      return outcome;
    }
  }

  if (command == "team") {
    std::vector<Reply> reports;
    for (const auto& squad : squads) reports.push_back(team_report(squad));
    if (!to_coach_privately(std::move(reports))) {
      say(text("squad_coach_private_needed"));
    } else if (!private_here) {
      say(text("squad_team_sent_privately"));
    }
    return outcome;
  }

  // digest HH:MM [zone]
  const std::string arguments = dialogs::Trimmed(in.text);
  const std::string time_text = FirstWord(arguments);
  const auto time = dialogs::ParseClockTime(time_text);
  const std::string zone_text = dialogs::Trimmed(arguments.substr(time_text.size()));
  const auto zone = zone_text.empty() ? std::optional(squads.front().time_zone)
                                      : dialogs::ResolveTimeZone(zone_text);
  if (!time || !zone || squads.size() != 1) {
    say(text("squad_digest_usage"));
    return outcome;
  }
  const auto next = dialogs::NextDigestAt(*zone, *time, now);
  storage::SetDigest(session, squads.front().id, time_text, *zone, next);
  say(text("squad_digest_set", {{"{squad}", squads.front().title},
                                {"{time}", time_text},
                                {"{zone}", *zone},
                                {"{when}", dialogs::LocalDateTimeText(*zone, next)}}));
  return outcome;
}

std::vector<Addressed> SquadDesk::AlertsAfter(storage::Session& session,
                                              const storage::Runner& runner,
                                              const dialogs::Decision& decision,
                                              const ReplyRenderer& platform, TimePoint now) const {
  std::vector<Addressed> messages;
  if (decision.events.empty()) return messages;
  std::optional<dialogs::SquadMember> member;
  for (const auto& membership : storage::MembershipsOf(session, runner.id)) {
    if (!membership.sharing) continue;
    if (!member) member = LoadMember(session, runner.id, now);
    for (const auto& alert : dialogs::AlertsFor(coach_.content(), *member, decision, now)) {
      if (!storage::RecordSquadAlert(session, membership.squad.id, runner.id, alert.kind, alert.key,
                                     now)) {
        continue;
      }
      for (const auto coach_id : storage::CoachesOf(session, membership.squad.id)) {
        auto coach = storage::LoadRunner(session, coach_id);
        if (!coach || coach->unreachable_since) continue;
        auto to = Privately(*coach, platform.CanOpenPrivateChat());
        if (to) messages.push_back({*to, {Reply{alert.text, {}}}});
      }
    }
  }
  return messages;
}

std::vector<Addressed> SquadDesk::Digests(storage::Session& session, const std::string& platform,
                                          TimePoint now, bool can_open_private) const {
  std::vector<Addressed> messages;
  for (const auto& squad : storage::DueDigests(session, platform, now)) {
    const auto time = dialogs::ParseClockTime(squad.digest_time).value_or(kDefaultDigestTime);
    const auto next = dialogs::NextDigestAt(squad.time_zone, time, now);
    if (now - *squad.next_digest_at > coach_.settings().schedule.catch_up) {
      // Missed by downtime: today's counts under yesterday's digest would mislead. Skip it.
      storage::SetDigest(session, squad.id, squad.digest_time, squad.time_zone, next);
      continue;
    }
    const auto ids = storage::MembersOf(session, squad.id, /*sharing_only=*/true);
    const auto members = LoadMembers(session, ids, now);
    ReplyAddress channel = ReplyAddress::Chat(squad.chat_id, storage::ChatScope::kGroup);
    channel.thread_id = squad.thread_id;
    messages.push_back({channel,
                        {Reply{dialogs::DigestText(coach_.content(), squad.title,
                                                   dialogs::CountToday(members, now)),
                               {}}}});

    std::vector<Reply> to_coaches;
    for (std::size_t i = 0; i < members.size(); ++i) {
      auto quiet = dialogs::QuietAlert(coach_.content(), members[i], now);
      if (quiet &&
          storage::RecordSquadAlert(session, squad.id, ids[i], quiet->kind, quiet->key, now)) {
        to_coaches.push_back(Reply{quiet->text, {}});
      }
    }
    if (dialogs::WeeklySummaryDay(squad.time_zone, *squad.next_digest_at) && !members.empty()) {
      to_coaches.push_back(
          Reply{dialogs::TeamReport(
                    coach_.content(),
                    dialogs::ReplaceAll(coach_.content().texts.Get("squad_weekly_heading"),
                                        "{squad}", squad.title),
                    members, now),
                {}});
    }
    if (!to_coaches.empty()) {
      for (const auto coach_id : storage::CoachesOf(session, squad.id)) {
        auto coach = storage::LoadRunner(session, coach_id);
        if (!coach || coach->unreachable_since) continue;
        if (auto to = Privately(*coach, can_open_private)) messages.push_back({*to, to_coaches});
      }
    }
    storage::SetDigest(session, squad.id, squad.digest_time, squad.time_zone, next);
  }
  return messages;
}

}  // namespace achilles::bot
