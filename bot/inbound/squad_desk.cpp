#include "bot/inbound/squad_desk.h"

#include <random>

#include "dialogs/local_time.h"
#include "dialogs/squad_commands.h"
#include "dialogs/squads.h"
#include "dialogs/text.h"
#include "storage/checkins.h"
#include "storage/squads.h"

namespace achilles::bot {
namespace {

using dialogs::Reply;

// 8 characters without look-alikes (no 0/O, 1/I/L): about 10^12 codes.
std::string NewCode() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 2);
  std::string code;
  for (int i = 0; i < 8; ++i) code += kAlphabet[pick(random)];
  return code;
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

dialogs::SquadCard CardOf(const storage::Squad& squad) {
  return {squad.id,         squad.title,     squad.join_code,
          squad.coach_code, squad.time_zone, squad.digest_time};
}

// What the squad dialog decides `envelope` over, read from storage.
dialogs::SquadView LoadView(storage::Session& session, const Envelope& envelope,
                            const storage::Runner& sender, const ReplyRenderer& platform,
                            TimePoint now) {
  const dialogs::Inbound& in = envelope.inbound;
  dialogs::SquadView view;
  view.in_group = in.chat == dialogs::ChatKind::kGroup;
  // A Discord reply to an interaction is ephemeral in a server: as private as a private chat.
  view.ephemeral_here = view.in_group && envelope.interaction.has_value();
  view.sender_reachable_privately =
      sender.private_chat_id.has_value() || platform.CanOpenPrivateChat();
  view.sender_is_admin = envelope.sender_is_admin;
  view.chat_title = envelope.chat_title;
  view.sender_time_zone = sender.state.profile.time_zone;
  if (const std::string code = dialogs::SquadCodeIn(in); !code.empty()) {
    if (auto match = storage::SquadByCode(session, envelope.platform, code)) {
      view.named = CardOf(match->squad);
      view.named_by_coach_code = match->coach;
    }
  }
  if (const auto id = dialogs::SquadIdIn(in)) {
    if (auto squad = storage::SquadById(session, *id)) view.pressed = CardOf(*squad);
  }
  if (view.in_group) {
    if (auto squad = storage::SquadForChat(session, envelope.platform, envelope.chat_id)) {
      view.here = CardOf(*squad);
      view.sender_coaches_here = storage::IsCoach(session, squad->id, sender.id);
    }
  }
  for (const auto& membership : storage::MembershipsOf(session, sender.id)) {
    view.memberships.push_back({CardOf(membership.squad), membership.sharing});
  }
  if (!view.in_group) {
    for (const auto& squad : storage::SquadsCoachedBy(session, sender.id)) {
      view.coached.push_back(CardOf(squad));
    }
  }
  if (in.kind == dialogs::InboundKind::kCommand && in.command == "team") {
    // Only what the sender may see: the squads they coach.
    std::vector<dialogs::SquadCard> visible = view.coached;
    if (view.here && view.sender_coaches_here) visible.push_back(*view.here);
    for (const auto& squad : visible)
      view.sharing[squad.id] = SharingMembers(session, squad.id, now);
  }
  if (in.kind == dialogs::InboundKind::kCommand && in.command == "coach" && view.in_group &&
      !view.here) {
    view.new_join_code = NewCode();
    view.new_coach_code = NewCode();
    view.new_join_link = platform.StartLink(view.new_join_code);
  }
  return view;
}

// Stores what the squad dialog decided for `sender`.
void Apply(storage::Session& session, const Envelope& envelope, const storage::Runner& sender,
           const std::vector<dialogs::SquadChange>& changes, TimePoint now) {
  using Kind = dialogs::SquadChange::Kind;
  for (const auto& change : changes) {
    switch (change.kind) {
      case Kind::kCreate: {
        storage::NewSquad fresh;
        fresh.platform = envelope.platform;
        fresh.chat_id = envelope.chat_id;
        fresh.thread_id = envelope.thread_id;
        fresh.title = change.card.title;
        fresh.join_code = change.card.join_code;
        fresh.coach_code = change.card.coach_code;
        fresh.time_zone = change.card.time_zone;
        fresh.digest_time = change.card.digest_time;
        const auto squad = storage::CreateSquad(session, fresh, sender.id, now);
        storage::SetDigest(session, squad.id, squad.digest_time, squad.time_zone, change.next);
        break;
      }
      case Kind::kAddCoach:
        storage::AddCoach(session, change.squad, sender.id);
        break;
      case Kind::kJoin:
        storage::JoinSquad(session, change.squad, sender.id, now);
        break;
      case Kind::kSetSharing:
        storage::SetSharing(session, change.squad, sender.id, change.share, now);
        break;
      case Kind::kLeave:
        storage::LeaveSquad(session, change.squad, sender.id);
        break;
      case Kind::kSetDigest:
        storage::SetDigest(session, change.squad, change.card.digest_time, change.card.time_zone,
                           change.next);
        break;
    }
  }
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
  Outcome outcome;
  if (!dialogs::IsSquadInbound(envelope.inbound)) return outcome;
  const dialogs::SquadView view = LoadView(session, envelope, sender, platform, now);
  const dialogs::SquadTurn turn =
      dialogs::DecideSquad(coach_.content(), envelope.inbound, view, now);
  Apply(session, envelope, sender, turn.changes, now);
  outcome.handled = turn.handled;
  // Where each reply goes; replies in a row to the same place travel together.
  const ReplyAddress here = AddressOf(envelope, sender.id);
  std::optional<dialogs::SquadSaid::To> last;
  for (const auto& said : turn.said) {
    std::optional<ReplyAddress> to = here;
    if (said.to == dialogs::SquadSaid::To::kSenderPrivately) {
      to = Privately(sender, platform.CanOpenPrivateChat());
    } else if (said.to == dialogs::SquadSaid::To::kChat) {
      to->interaction.reset();
      to->runner_id.reset();
    }
    if (!to) continue;  // the dialog writes privately only to a sender it can reach
    if (last != said.to || outcome.messages.empty()) outcome.messages.push_back({*to, {}});
    outcome.messages.back().replies.push_back(said.reply);
    last = said.to;
  }
  return outcome;
}

std::vector<Addressed> SquadDesk::AlertsAfter(storage::Session& session,
                                              const storage::Runner& runner,
                                              const dialogs::Decision& decision,
                                              const ReplyRenderer& platform, TimePoint now) const {
  std::vector<Addressed> messages;
  if (decision.events.empty()) return messages;
  std::vector<dialogs::SquadMembership> memberships;
  for (const auto& membership : storage::MembershipsOf(session, runner.id)) {
    memberships.push_back({CardOf(membership.squad), membership.sharing});
  }
  std::optional<dialogs::SquadMember> member;
  for (const auto& squad : dialogs::SquadsThatHear(memberships)) {
    if (!member) member = LoadMember(session, runner.id, now);
    for (const auto& alert : dialogs::AlertsFor(coach_.content(), *member, decision, now)) {
      if (!storage::RecordSquadAlert(session, squad.id, runner.id, alert.kind, alert.key, now)) {
        continue;  // told already
      }
      for (const auto coach_id : storage::CoachesOf(session, squad.id)) {
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
    const auto time =
        dialogs::ParseClockTime(squad.digest_time).value_or(dialogs::kDefaultDigestTime);
    const auto next = dialogs::NextDigestAt(squad.time_zone, time, now);
    if (dialogs::DigestMissed(*squad.next_digest_at, now, coach_.settings().schedule.catch_up)) {
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
