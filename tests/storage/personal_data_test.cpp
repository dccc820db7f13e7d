// A runner's own data: export gives all of it, erase leaves nothing but the row that lets the bot
// answer them, and nobody else's.
#include "storage/personal_data.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "storage/checkins.h"
#include "storage/outbox.h"
#include "storage/runners.h"
#include "storage/squads.h"
#include "tests/support/transaction.h"

namespace achilles::storage {
namespace {

const TimePoint kNow = FromUnixMillis(1764000000000);
const Day kToday = std::chrono::floor<std::chrono::days>(kNow);

class PersonalDataTest : public ::testing::Test {
 protected:
  template <typename T>
  T Run(const std::function<T(Session&)>& work) {
    return testing::InTransaction<T>(*db_, work);
  }
  // A runner with a check-in, an event, a squad membership and a message sent.
  std::int64_t Populated(const std::string& user, std::int64_t squad) {
    return Run<std::int64_t>([&](Session& s) {
      auto runner = LoadOrCreateRunner(s, "telegram", user, "Ann", kNow);
      runner.state.consented_at = kNow;
      SetPrivateChat(s, runner.id, user);
      SaveRunnerState(s, runner.id, runner.state);
      dialogs::CheckIn c;
      c.morning_stiffness = 3;
      c.note = "tight on hills";
      UpsertCheckIn(s, runner.id, {kToday, c}, kNow);
      RecordEvent(s, runner.id, {dialogs::CoachEvent::Kind::kFlareUp, "said so"}, kNow);
      JoinSquad(s, squad, runner.id, kNow);
      SetSharing(s, squad, runner.id, true, kNow);
      Enqueue(s, {"telegram", user, ChatScope::kPrivate, runner.id, "sendMessage", "{}"}, kNow);
      return runner.id;
    });
  }
  std::int64_t Count(const std::string& table, std::int64_t runner) {
    return Run<std::int64_t>([&](Session& s) {
      SQLite::Statement q(s.db(), "SELECT COUNT(*) FROM " + table + " WHERE runner_id = ?");
      q.bind(1, runner);
      q.executeStep();
      return q.getColumn(0).getInt64();
    });
  }

  std::unique_ptr<Database> db_ = *Database::Open(":memory:");
  std::int64_t squad_ = Run<std::int64_t>([](Session& s) {
    const auto coach = LoadOrCreateRunner(s, "telegram", "700", "Dana", kNow);
    NewSquad squad;
    squad.platform = "telegram";
    squad.chat_id = "-100";
    squad.title = "Harriers";
    squad.join_code = "AAAA1111";
    squad.coach_code = "BBBB2222";
    return CreateSquad(s, squad, coach.id, kNow).id;
  });
};

TEST_F(PersonalDataTest, ExportHasEverything) {
  const auto ann = Populated("801", squad_);
  const auto data =
      nlohmann::json::parse(Run<std::string>([&](Session& s) { return ExportRunnerData(s, ann); }));
  EXPECT_EQ(data["user_id"], "801");
  EXPECT_EQ(data["name"], "Ann");
  EXPECT_EQ(data["consented_at_unix"], 1764000000);
  ASSERT_EQ(data["check_ins"].size(), 1u);
  EXPECT_EQ(data["check_ins"][0]["day"], "2025-11-24");
  EXPECT_EQ(data["check_ins"][0]["morning_stiffness"], 3);
  EXPECT_EQ(data["check_ins"][0]["note"], "tight on hills");
  EXPECT_EQ(data["coach_events"][0]["kind"], "flare_up");
  EXPECT_EQ(
      data["squads"][0],
      nlohmann::json({{"squad", "Harriers"}, {"role", "runner"}, {"shares_with_coaches", true}}));
}

TEST_F(PersonalDataTest, EraseLeavesNothingOfTheirsAndEveryoneElsesIntact) {
  const auto ann = Populated("801", squad_);
  const auto ben = Populated("802", squad_);
  Run<bool>([&](Session& s) {
    EraseRunnerData(s, ann);
    return true;
  });
  for (const char* table : {"checkins", "events", "squad_members", "outbox"}) {
    EXPECT_EQ(Count(table, ann), 0) << table;
    EXPECT_EQ(Count(table, ben), 1) << table;
  }
  const auto runner = Run<std::optional<Runner>>([&](Session& s) { return LoadRunner(s, ann); });
  ASSERT_TRUE(runner) << "the row that lets the bot answer them stays";
  EXPECT_EQ(runner->display_name, "");
  EXPECT_FALSE(runner->state.consented_at);
  EXPECT_EQ(runner->private_chat_id, "801");
}

// Which squads close when a coach is forgotten is decided before (dialogs, through bot/); here
// erasing leaves the squads, and closing one takes its members' memberships with it.
TEST_F(PersonalDataTest, ErasingACoachLeavesTheSquadsAndClosingOneTakesItsMemberships) {
  const auto ann = Populated("801", squad_);
  auto squads = [&] {
    return Run<std::int64_t>([](Session& s) {
      SQLite::Statement q(s.db(), "SELECT COUNT(*) FROM squads");
      q.executeStep();
      return q.getColumn(0).getInt64();
    });
  };
  const auto dana =
      Run<std::int64_t>([](Session& s) { return FindRunner(s, "telegram", "700")->id; });
  const auto ben = Run<std::int64_t>([&](Session& s) {
    const auto id = LoadOrCreateRunner(s, "telegram", "802", "Ben", kNow).id;
    AddCoach(s, squad_, id);
    return id;
  });
  Run<bool>([&](Session& s) {
    EraseRunnerData(s, dana);
    return true;
  });
  EXPECT_EQ(squads(), 1);
  EXPECT_EQ(Run<std::vector<std::int64_t>>([&](Session& s) { return CoachesOf(s, squad_); }),
            (std::vector<std::int64_t>{ben}))
      << "Dana is no coach of it any more";
  Run<bool>([&](Session& s) {
    CloseSquad(s, squad_);
    return true;
  });
  EXPECT_EQ(squads(), 0);
  EXPECT_EQ(Count("squad_members", ann), 0) << "the runners' memberships closed with it";
}

}  // namespace
}  // namespace achilles::storage
