// Squads in storage: codes, coaches, members and sharing, digests due, alerts once.
#include "storage/squads.h"

#include <gtest/gtest.h>

#include "storage/runners.h"
#include "tests/support/transaction.h"

namespace achilles::storage {
namespace {

using std::chrono::minutes;

const TimePoint kNow = FromUnixMillis(1764000000000);

class SquadStorageTest : public ::testing::Test {
 protected:
  template <typename T>
  T Run(const std::function<T(Session&)>& work) {
    return testing::InTransaction<T>(*db_, work);
  }
  std::int64_t Person(const std::string& user) {
    return Run<std::int64_t>(
        [&](Session& s) { return LoadOrCreateRunner(s, "telegram", user, user, kNow).id; });
  }
  Squad Create(const std::string& chat, const std::string& join, const std::string& coach_code,
               std::int64_t coach) {
    return Run<Squad>([&](Session& s) {
      NewSquad squad;
      squad.platform = "telegram";
      squad.chat_id = chat;
      squad.thread_id = "300";
      squad.title = "Harriers";
      squad.join_code = join;
      squad.coach_code = coach_code;
      return CreateSquad(s, squad, coach, kNow);
    });
  }

  std::unique_ptr<Database> db_ = *Database::Open(":memory:");
};

TEST_F(SquadStorageTest, CodesFindTheSquadAnyCaseAndSayWhichCodeItWas) {
  const auto dana = Person("700");
  const Squad squad = Create("-100", "ab12cd34", "ZZ99YY88", dana);
  EXPECT_EQ(squad.join_code, "AB12CD34");
  EXPECT_EQ(squad.thread_id, "300");
  const auto by_join = Run<std::optional<CodeMatch>>(
      [](Session& s) { return SquadByCode(s, "telegram", "Ab12cD34"); });
  ASSERT_TRUE(by_join);
  EXPECT_FALSE(by_join->coach);
  const auto by_coach = Run<std::optional<CodeMatch>>(
      [](Session& s) { return SquadByCode(s, "telegram", "zz99yy88"); });
  ASSERT_TRUE(by_coach);
  EXPECT_TRUE(by_coach->coach);
  EXPECT_FALSE(Run<bool>([](Session& s) {
    return SquadByCode(s, "discord", "AB12CD34").has_value();
  })) << "codes belong to one platform";
  EXPECT_TRUE(Run<bool>([&](Session& s) { return IsCoach(s, squad.id, dana); }));
}

TEST_F(SquadStorageTest, OneSquadPerChat) {
  const auto dana = Person("700");
  Create("-100", "AAAA1111", "BBBB2222", dana);
  auto again = db_->Transact<bool>([&](Session& s) -> Result<bool> {
    NewSquad squad;
    squad.platform = "telegram";
    squad.chat_id = "-100";
    squad.join_code = "CCCC3333";
    squad.coach_code = "DDDD4444";
    CreateSquad(s, squad, dana, kNow);
    return true;
  });
  EXPECT_FALSE(again);
}

TEST_F(SquadStorageTest, MembersShareOnlyOnceTheySayYesAndStopAtOnce) {
  const auto dana = Person("700");
  const auto ann = Person("801");
  const auto ben = Person("802");
  const Squad squad = Create("-100", "AAAA1111", "BBBB2222", dana);
  EXPECT_TRUE(Run<bool>([&](Session& s) { return JoinSquad(s, squad.id, ann, kNow); }));
  EXPECT_FALSE(Run<bool>([&](Session& s) { return JoinSquad(s, squad.id, ann, kNow); }));
  Run<bool>([&](Session& s) { return JoinSquad(s, squad.id, ben, kNow); });
  auto sharing = [&] {
    return Run<std::vector<std::int64_t>>([&](Session& s) { return MembersOf(s, squad.id, true); });
  };
  EXPECT_TRUE(sharing().empty()) << "joining is not consent";
  Run<bool>([&](Session& s) { return SetSharing(s, squad.id, ann, true, kNow); });
  EXPECT_EQ(sharing(), std::vector{ann});
  EXPECT_EQ(Run<std::vector<std::int64_t>>([&](Session& s) {
              return MembersOf(s, squad.id, false);
            }).size(),
            2u);
  Run<bool>([&](Session& s) { return SetSharing(s, squad.id, ann, false, kNow); });
  EXPECT_TRUE(sharing().empty());
  Run<bool>([&](Session& s) { return SetSharing(s, squad.id, ann, true, kNow); });
  EXPECT_TRUE(Run<bool>([&](Session& s) { return LeaveSquad(s, squad.id, ann); }));
  EXPECT_TRUE(sharing().empty());
  EXPECT_FALSE(Run<bool>([&](Session& s) { return SetSharing(s, squad.id, ann, true, kNow); }))
      << "a runner who left cannot be shared by accident";
  EXPECT_TRUE(
      Run<std::vector<Membership>>([&](Session& s) { return MembershipsOf(s, ann); }).empty());
}

// "Your coach was told" must be true: only coaches an alert can reach are counted.
TEST_F(SquadStorageTest, OnlyCoachesAnAlertCanReachAreCounted) {
  const auto dana = Person("700");
  const auto ann = Person("701");
  const Squad squad = Create("-100", "AAAA1111", "BBBB2222", dana);
  Run<bool>([&](Session& s) { return JoinSquad(s, squad.id, ann, kNow); });
  auto reached = [&](bool opens_private) {
    return Run<int>([&](Session& s) { return ReachableCoaches(s, ann, opens_private); });
  };
  EXPECT_EQ(reached(true), 0) << "not sharing yet";
  Run<bool>([&](Session& s) { return SetSharing(s, squad.id, ann, true, kNow); });
  EXPECT_EQ(reached(false), 0) << "Dana never wrote to the bot privately";
  EXPECT_EQ(reached(true), 1) << "a platform that opens a private chat reaches her";
  Run<bool>([&](Session& s) {
    SetPrivateChat(s, dana, "700");
    return true;
  });
  EXPECT_EQ(reached(false), 1);
  Run<bool>([&](Session& s) {
    MarkUnreachable(s, dana, kNow);
    return true;
  });
  EXPECT_EQ(reached(true), 0) << "she blocked the bot";
  EXPECT_EQ(Run<int>([&](Session& s) { return ReachableCoaches(s, dana, true); }), 0)
      << "a coach is not told about herself";
}

TEST_F(SquadStorageTest, DigestsComeDueAndAlertsGoOnce) {
  const auto dana = Person("700");
  const Squad squad = Create("-100", "AAAA1111", "BBBB2222", dana);
  auto due = [&](TimePoint at) {
    return Run<std::size_t>([&](Session& s) { return DueDigests(s, "telegram", at).size(); });
  };
  EXPECT_EQ(due(kNow), 0u) << "no digest time set yet";
  Run<bool>([&](Session& s) {
    SetDigest(s, squad.id, "18:30", "Europe/Berlin", kNow + minutes(5));
    return true;
  });
  EXPECT_EQ(due(kNow), 0u);
  EXPECT_EQ(due(kNow + minutes(5)), 1u);
  const auto stored = Run<std::optional<Squad>>([&](Session& s) { return SquadById(s, squad.id); });
  EXPECT_EQ(stored->digest_time, "18:30");
  EXPECT_EQ(stored->time_zone, "Europe/Berlin");
  EXPECT_TRUE(Run<bool>(
      [&](Session& s) { return RecordSquadAlert(s, squad.id, 5, "quiet", "2026-11-20", kNow); }));
  EXPECT_FALSE(Run<bool>(
      [&](Session& s) { return RecordSquadAlert(s, squad.id, 5, "quiet", "2026-11-20", kNow); }));
  EXPECT_TRUE(Run<bool>(
      [&](Session& s) { return RecordSquadAlert(s, squad.id, 5, "quiet", "2026-11-27", kNow); }));
}

}  // namespace
}  // namespace achilles::storage
