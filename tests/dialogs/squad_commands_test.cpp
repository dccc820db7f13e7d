// The squad commands as a dialog: who may set up, join, share, leave, see /team and set the
// digest, and what they are told, decided over views built by hand (no database, no server).
#include "dialogs/squad_commands.h"

#include <gtest/gtest.h>

#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::ShippedContent;
using namespace std::chrono_literals;
using Kind = SquadChange::Kind;
using To = SquadSaid::To;

const TimePoint kNow = std::chrono::sys_days{std::chrono::November / 24 / 2026} + 9h;

Inbound Command(std::string command, std::string text = "", bool in_group = false) {
  Inbound in;
  in.kind = InboundKind::kCommand;
  in.command = std::move(command);
  in.text = std::move(text);
  in.chat = in_group ? ChatKind::kGroup : ChatKind::kPrivate;
  return in;
}

Inbound Press(std::string payload) {
  Inbound in;
  in.kind = InboundKind::kButton;
  in.button = std::move(payload);
  return in;
}

SquadCard Harriers() {
  return {.id = 7,
          .title = "Harriers",
          .join_code = "AB12CD34",
          .coach_code = "ZZ99YY88",
          .time_zone = "Europe/Berlin",
          .digest_time = "18:00"};
}

SquadView Group() {
  SquadView view;
  view.in_group = true;
  view.chat_title = "Club Rehab Corner";
  view.new_join_code = "NEWJOIN1";
  view.new_coach_code = "NEWCOACH";
  return view;
}

SquadTurn Decide(const Inbound& in, const SquadView& view) {
  return DecideSquad(ShippedContent(), in, view, kNow);
}

bool Says(const SquadTurn& turn, const std::string& fragment, To to = To::kHere) {
  for (const auto& said : turn.said) {
    if (said.to == to && said.reply.text.find(fragment) != std::string::npos) return true;
  }
  return false;
}

TEST(SquadCommands, OnlyAGroupAdminSetsUpASquadAndOnlyOncePerChat) {
  EXPECT_TRUE(Says(Decide(Command("coach"), SquadView{}), "in the group"));
  SquadView group = Group();
  const auto refused = Decide(Command("coach", "", true), group);
  EXPECT_TRUE(refused.changes.empty());
  EXPECT_TRUE(Says(refused, "admin")) << refused.said.front().reply.text;

  group.sender_is_admin = true;
  group.here = Harriers();
  const auto again = Decide(Command("coach", "Other", true), group);
  EXPECT_TRUE(again.changes.empty());
  EXPECT_TRUE(Says(again, "already has squad Harriers"));
}

TEST(SquadCommands, ASquadIsSetUpWithTheCoachsZoneAndTheCoachCodeGoesPrivately) {
  SquadView group = Group();
  group.sender_is_admin = true;
  group.sender_time_zone = "europe/berlin";
  group.new_join_link = "https://t.me/AchillesCoachBot?start=NEWJOIN1";
  const auto turn = Decide(Command("coach", "", true), group);
  ASSERT_EQ(turn.changes.size(), 1u);
  const SquadChange& made = turn.changes[0];
  EXPECT_EQ(made.kind, Kind::kCreate);
  EXPECT_EQ(made.card.title, "Club Rehab Corner") << "the chat's name when none is given";
  EXPECT_EQ(made.card.join_code, "NEWJOIN1");
  EXPECT_EQ(made.card.time_zone, "Europe/Berlin");
  EXPECT_EQ(made.next, NextDigestAt("Europe/Berlin", kDefaultDigestTime, kNow));
  EXPECT_TRUE(Says(turn, "NEWJOIN1"));
  EXPECT_TRUE(Says(turn, "start=NEWJOIN1"));
  EXPECT_FALSE(Says(turn, "NEWCOACH")) << "the coach code is never said in the group";
  EXPECT_TRUE(Says(turn, "start a private chat with me"))
      << "the coach has no private chat: told how to get the code";

  group.sender_reachable_privately = true;
  const auto reachable = Decide(Command("coach", "Harriers", true), group);
  EXPECT_EQ(reachable.changes[0].card.title, "Harriers");
  EXPECT_TRUE(Says(reachable, "NEWCOACH", To::kSenderPrivately));
}

TEST(SquadCommands, AfterAReplyOnlyTheSenderSeesTheJoinCodeGoesToTheChat) {
  SquadView group = Group();
  group.sender_is_admin = true;
  group.ephemeral_here = true;
  const auto turn = Decide(Command("coach", "", true), group);
  EXPECT_TRUE(Says(turn, "NEWJOIN1", To::kChat));
  EXPECT_TRUE(Says(turn, "NEWCOACH", To::kHere)) << "the ephemeral reply is private";
}

TEST(SquadCommands, ARunnerJoinsInPrivateAndIsAskedBeforeAnythingIsShared) {
  SquadView alone;
  alone.named = Harriers();
  const auto turn = Decide(Command("join", "ab12cd34"), alone);
  ASSERT_EQ(turn.changes.size(), 1u);
  EXPECT_EQ(turn.changes[0].kind, Kind::kJoin);
  EXPECT_EQ(turn.changes[0].squad, 7);
  ASSERT_EQ(turn.said.size(), 1u);
  const auto& keyboard = turn.said[0].reply.keyboard;
  ASSERT_EQ(keyboard.size(), 1u);
  EXPECT_EQ(keyboard[0][0].payload, "sq:share:7.yes");
  EXPECT_EQ(keyboard[0][1].payload, "sq:share:7.no");

  SquadView member = alone;
  member.memberships = {{Harriers(), /*sharing=*/true}};
  const auto again = Decide(Command("join", "AB12CD34"), member);
  EXPECT_TRUE(again.changes.empty());
  EXPECT_TRUE(Says(again, "Harriers"));

  SquadView group = Group();
  group.named = Harriers();
  const auto in_group = Decide(Command("join", "AB12CD34", true), group);
  EXPECT_TRUE(in_group.changes.empty()) << "who joins and shares is not for the group to see";

  EXPECT_TRUE(Says(Decide(Command("join", "NOSUCHCODE"), SquadView{}), "NOSUCHCODE"));
  EXPECT_TRUE(Decide(Command("join"), SquadView{}).changes.empty());
}

TEST(SquadCommands, TheCoachCodeMakesACoCoach) {
  SquadView view;
  view.named = Harriers();
  view.named_by_coach_code = true;
  const auto turn = Decide(Command("join", "ZZ99YY88"), view);
  ASSERT_EQ(turn.changes.size(), 1u);
  EXPECT_EQ(turn.changes[0].kind, Kind::kAddCoach);
}

TEST(SquadCommands, AStartLinkWithACodeJoinsAndLeavesTheWelcomeToTheCoach) {
  SquadView view;
  view.named = Harriers();
  const auto turn = Decide(Command("start", "AB12CD34"), view);
  EXPECT_FALSE(turn.handled) << "the coach answers /start too";
  ASSERT_EQ(turn.changes.size(), 1u);
  EXPECT_EQ(turn.changes[0].kind, Kind::kJoin);
  const auto other = Decide(Command("start", "hello"), SquadView{});
  EXPECT_FALSE(other.handled);
  EXPECT_TRUE(other.said.empty()) << "a word that is no code is not the squads' business";
  EXPECT_FALSE(IsSquadInbound(Command("start")));
  EXPECT_FALSE(IsSquadInbound(Command("checkin", "stiffness 2")));
}

TEST(SquadCommands, SharingNeedsAMembershipAndStaleButtonsChangeNothing) {
  SquadView view;
  view.pressed = Harriers();
  const auto stranger = Decide(Press("sq:share:7.yes"), view);
  EXPECT_TRUE(stranger.changes.empty());
  EXPECT_TRUE(Says(stranger, "not in a squad"));

  view.memberships = {{Harriers(), false}};
  const auto yes = Decide(Press("sq:share:7.yes"), view);
  ASSERT_EQ(yes.changes.size(), 1u);
  EXPECT_EQ(yes.changes[0].kind, Kind::kSetSharing);
  EXPECT_TRUE(yes.changes[0].share);
  const auto no = Decide(Press("sq:share:7.no"), view);
  EXPECT_FALSE(no.changes[0].share);
  const auto leave = Decide(Press("sq:leave:7"), view);
  EXPECT_EQ(leave.changes[0].kind, Kind::kLeave);

  EXPECT_TRUE(Decide(Press("sq:share:8.yes"), view).changes.empty()) << "a squad gone";
  EXPECT_TRUE(Decide(Press("sq:share:x.yes"), view).changes.empty());
  EXPECT_TRUE(Decide(Press("sq:dance:7"), view).changes.empty());
  EXPECT_TRUE(Decide(Press("sq:share:7.yes"), view).handled);
}

TEST(SquadCommands, SquadShowsEachMembershipWithItsButtonsAndLeaveLeavesThemAll) {
  SquadView view;
  SquadCard other = Harriers();
  other.id = 8;
  other.title = "Striders";
  view.memberships = {{Harriers(), true}, {other, false}};
  const auto status = Decide(Command("squad"), view);
  ASSERT_EQ(status.said.size(), 1u);
  EXPECT_NE(status.said[0].reply.text.find("Harriers: your coaches see"), std::string::npos);
  EXPECT_NE(status.said[0].reply.text.find("Striders: private"), std::string::npos);
  EXPECT_EQ(status.said[0].reply.keyboard[0][0].payload, "sq:share:7.no");
  EXPECT_EQ(status.said[0].reply.keyboard[1][0].payload, "sq:share:8.yes");
  const auto left = Decide(Command("leave"), view);
  EXPECT_EQ(left.changes.size(), 2u);
  EXPECT_TRUE(Says(Decide(Command("squad"), SquadView{}), "not in a squad"));
}

TEST(SquadCommands, OnlyCoachesSeeTheTeamAndOnlyPrivately) {
  SquadView group = Group();
  EXPECT_TRUE(Says(Decide(Command("team", "", true), group), "no squad"));
  group.here = Harriers();
  const auto runner = Decide(Command("team", "", true), group);
  EXPECT_TRUE(runner.said.size() == 1 && runner.said[0].to == To::kHere);
  EXPECT_FALSE(Says(runner, "ZZ99YY88"));

  group.sender_coaches_here = true;
  const auto unreachable = Decide(Command("team", "", true), group);
  EXPECT_FALSE(Says(unreachable, "ZZ99YY88")) << "no private chat: nothing in the group";

  group.sender_reachable_privately = true;
  const auto coach = Decide(Command("team", "", true), group);
  EXPECT_TRUE(Says(coach, "ZZ99YY88", To::kSenderPrivately));
  EXPECT_TRUE(Says(coach, "AB12CD34", To::kSenderPrivately)) << "nobody shares yet: the code";
  EXPECT_FALSE(Says(coach, "ZZ99YY88", To::kHere));

  SquadView alone;
  EXPECT_TRUE(Decide(Command("team"), alone).said.size() == 1);
  alone.coached = {Harriers()};
  SquadMember ann;
  ann.name = "Ann";
  ann.state.profile.time_zone = "UTC";
  alone.sharing[7] = {ann};
  const auto report = Decide(Command("team"), alone);
  EXPECT_TRUE(Says(report, "**Ann**")) << report.said[0].reply.text;
  // In a private chat (or ephemeral) the report keeps its panels, as it does sent privately.
  ASSERT_TRUE(report.said[0].reply.chart && report.said[0].reply.chart->squad);
  EXPECT_EQ(report.said[0].reply.chart->squad->panels[0].name, "Ann");
}

TEST(SquadCommands, TheDigestTimeIsSetForTheOneSquadWithAZoneOrItsOwn) {
  SquadView alone;
  alone.coached = {Harriers()};
  const auto turn = Decide(Command("digest", "07:30 Europe/London"), alone);
  ASSERT_EQ(turn.changes.size(), 1u);
  EXPECT_EQ(turn.changes[0].kind, Kind::kSetDigest);
  EXPECT_EQ(turn.changes[0].card.digest_time, "07:30");
  EXPECT_EQ(turn.changes[0].card.time_zone, "Europe/London");
  EXPECT_EQ(turn.changes[0].next, NextDigestAt("Europe/London", 7h + 30min, kNow));
  const auto own_zone = Decide(Command("digest", "06:00"), alone);
  EXPECT_EQ(own_zone.changes[0].card.time_zone, "Europe/Berlin");
  EXPECT_TRUE(Decide(Command("digest", "25:00"), alone).changes.empty());
  EXPECT_TRUE(Decide(Command("digest", "07:00 Mars/Olympus"), alone).changes.empty());
  SquadCard other = Harriers();
  other.id = 8;
  alone.coached.push_back(other);
  EXPECT_TRUE(Decide(Command("digest", "07:00"), alone).changes.empty())
      << "two squads: set it in the squad's chat";
}

}  // namespace
}  // namespace achilles::dialogs
