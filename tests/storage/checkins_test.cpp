#include "storage/checkins.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/runners.h"
#include "tests/support/fixtures.h"
#include "tests/support/transaction.h"

namespace achilles::storage {
namespace {

using std::chrono::days;

const TimePoint kNow = FromUnixMillis(1764000000000);
const Day kToday = std::chrono::floor<days>(kNow);

using testing::InTransaction;

dialogs::RunnerState Everything() {
  dialogs::RunnerState s;
  s.consented_at = kNow - days(3);
  s.referral_code = "SQUAD-7KQ2";
  s.profile.side = dialogs::Side::kBoth;
  s.profile.site = dialogs::PainSite::kInsertional;
  s.profile.duration = "3 to 6 months";
  s.profile.weekly_km = 30;
  s.profile.longest_run_km = 12.5;
  s.profile.goal = "Berlin marathon";
  s.profile.ten_heel_raises = true;
  s.profile.heel_raise_pain = 3;
  s.profile.time_zone = "Europe/Berlin";
  s.profile.checkin_time = "07:30";
  s.profile.skipped_safety = true;
  s.profile.review_weekday = 5;
  s.onboarded_at = kNow - days(2);
  s.progress.at = {dialogs::Phase::kHeavySlow, 4};
  s.progress.step_since = kToday - days(5);
  s.progress.last_heavy_day = kToday - days(1);
  s.progress.clean_runs_at_stage = 1;
  s.progress.flare_days = {kToday - days(9), kToday - days(2)};
  s.progress.tests = dialogs::GateTests{2, 20, 25, true, kToday};
  s.progress.judged_on = kToday;
  s.conversation.asking = "ci.ran";
  s.conversation.draft.morning_stiffness = 3;
  s.conversation.draft.note = "tight calf";
  s.conversation.draft_day = kToday;
  s.conversation.barrier_asked_on = kToday - days(8);
  s.conversation.specialist_prompted_on = kToday - days(40);
  s.conversation.weekly_due = kToday - days(1);
  s.conversation.answers = {{"stiff_min", 30}, {"raises_l", 12}};
  s.stop = dialogs::Stop{kToday - days(20), "R26", true};
  s.profile.unanswered_safety = {"rf_nerve"};
  s.progress.episode = dialogs::Episode{kToday - days(2), 2.5, true};
  s.conversation.screening_asked_on = kToday - days(2);
  s.paused_until = kToday + days(3);
  return s;
}

TEST(RunnerStateStorage, EveryPartOfTheCoachingStateRoundTrips) {
  auto db = *Database::Open(":memory:");
  const dialogs::RunnerState saved = Everything();
  const Runner loaded = InTransaction<Runner>(*db, [&](Session& s) {
    const auto runner = LoadOrCreateRunner(s, "telegram", "1", "Maya", kNow);
    SaveRunnerState(s, runner.id, saved);
    return *FindRunner(s, "telegram", "1");
  });
  EXPECT_EQ(loaded.state, saved);
}

TEST(RunnerStateStorage, LoadRunnerByIdReadsTheSameRunner) {
  auto db = *Database::Open(":memory:");
  const auto [found, loaded] = InTransaction<std::pair<Runner, Runner>>(*db, [&](Session& s) {
    const auto runner = LoadOrCreateRunner(s, "telegram", "42", "Maya", kNow);
    SaveRunnerState(s, runner.id, Everything());
    return std::pair(*FindRunner(s, "telegram", "42"), *LoadRunner(s, runner.id));
  });
  EXPECT_EQ(loaded.platform, "telegram");
  EXPECT_EQ(loaded.platform_user_id, "42");
  EXPECT_EQ(loaded.state, found.state);
  EXPECT_FALSE(InTransaction<bool>(*db, [](Session& s) { return LoadRunner(s, 999).has_value(); }));
}

TEST(QuestionnaireResults, RoundTripOldestFirstAndASecondTheSameDayReplaces) {
  auto db = *Database::Open(":memory:");
  const auto results =
      InTransaction<std::vector<dialogs::QuestionnaireResult>>(*db, [](Session& s) {
        const auto id = LoadOrCreateRunner(s, "telegram", "1", "Maya", kNow).id;
        SaveQuestionnaireResult(s, id, {"weekly", kToday, {{"stiff_min", 30}, {"run_func", 4}}});
        SaveQuestionnaireResult(s, id, {"weekly", kToday - days(7), {{"stiff_min", 45}}});
        SaveQuestionnaireResult(s, id, {"weekly", kToday, {{"stiff_min", 20}}});
        SaveQuestionnaireResult(s, id, {"outcome", kToday, {{"q1", 3}}});
        return QuestionnaireResults(s, id);
      });
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0],
            (dialogs::QuestionnaireResult{"weekly", kToday - days(7), {{"stiff_min", 45}}}));
  EXPECT_EQ(results[1], (dialogs::QuestionnaireResult{"outcome", kToday, {{"q1", 3}}}));
  EXPECT_EQ(results[2], (dialogs::QuestionnaireResult{"weekly", kToday, {{"stiff_min", 20}}}));
}

TEST(RunnerStateStorage, ANewRunnerHasTheSafeDefaults) {
  auto db = *Database::Open(":memory:");
  const Runner runner = InTransaction<Runner>(
      *db, [](Session& s) { return LoadOrCreateRunner(s, "telegram", "1", "", kNow); });
  EXPECT_EQ(runner.state, dialogs::RunnerState{});
}

TEST(CheckIns, OnePerDayTheLaterReplacingTheEarlier) {
  auto db = *Database::Open(":memory:");
  const auto records = InTransaction<std::vector<dialogs::DayRecord>>(*db, [](Session& s) {
    const auto id = LoadOrCreateRunner(s, "telegram", "1", "Maya", kNow).id;
    dialogs::CheckIn first;
    first.morning_stiffness = 4;
    first.did_session = false;
    UpsertCheckIn(s, id, {kToday - days(1), first}, kNow);
    dialogs::CheckIn morning;
    morning.morning_stiffness = 3;
    UpsertCheckIn(s, id, {kToday, morning}, kNow);
    dialogs::CheckIn amended;
    amended.morning_stiffness = 2;
    amended.run_km = 6.5;
    amended.painkillers = true;
    amended.no_run = false;
    amended.note = "ok";
    UpsertCheckIn(s, id, {kToday, amended}, kNow);
    UpsertCheckIn(s, id, {kToday - days(60), first}, kNow);
    return CheckInsSince(s, id, kToday - days(42));
  });
  ASSERT_EQ(records.size(), 2u) << "the 60-day-old one is before `since`";
  EXPECT_EQ(records[0].day, kToday - days(1));
  EXPECT_EQ(records[0].check_in.did_session, false);
  EXPECT_EQ(records[1].check_in.morning_stiffness, 2);
  EXPECT_EQ(records[1].check_in.run_km, 6.5);
  EXPECT_EQ(records[1].check_in.painkillers, true);
  EXPECT_EQ(records[1].check_in.note, "ok");
}

TEST(CheckIns, KeepWhereInTheProgrammeTheRunnerWasThatDay) {
  auto db = *Database::Open(":memory:");
  const auto records = InTransaction<std::vector<dialogs::DayRecord>>(*db, [](Session& s) {
    const auto id = LoadOrCreateRunner(s, "telegram", "1", "Maya", kNow).id;
    dialogs::CheckIn c;
    c.morning_stiffness = 2;
    UpsertCheckIn(
        s, id, {kToday - days(1), c, dialogs::ProgrammePosition{dialogs::Phase::kHeavySlow, 3}, 5},
        kNow);
    UpsertCheckIn(s, id, {kToday, c}, kNow);  // no position (as before migration 7)
    return CheckInsSince(s, id, kToday - days(42));
  });
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].at);
  EXPECT_EQ(records[0].at->phase, dialogs::Phase::kHeavySlow);
  EXPECT_EQ(records[0].at->step, 3);
  EXPECT_EQ(records[0].hsr_week, 5);
  EXPECT_FALSE(records[1].at);
  EXPECT_EQ(records[1].hsr_week, 0);
}

TEST(Events, TheDaysARedFlagWasRaisedAreLoadedWithTheCheckIns) {
  auto db = *Database::Open(":memory:");
  const auto state = InTransaction<dialogs::RunnerState>(*db, [](Session& s) {
    Runner runner = LoadOrCreateRunner(s, "telegram", "1", "Maya", kNow);
    const dialogs::CoachEvent red{dialogs::CoachEvent::Kind::kRedFlag, "R1: a pop"};
    RecordEvent(s, runner.id, red, kNow - days(60));  // older than the charts' six weeks
    RecordEvent(s, runner.id, red, kNow - days(3));
    RecordEvent(s, runner.id, red, kNow - days(3) + std::chrono::minutes(5));  // the same day
    RecordEvent(s, runner.id, {dialogs::CoachEvent::Kind::kFlareUp, "R9"}, kNow - days(2));
    RecordEvent(s, runner.id, red, kNow);
    LoadCoachingContext(s, runner, kNow);
    return runner.state;
  });
  const Day today = dialogs::LocalDay(state, kNow);
  EXPECT_EQ(state.red_flag_days, (std::vector<Day>{today - days(3), today}));
}

TEST(Events, AreKeptInOrderForTheCoach) {
  auto db = *Database::Open(":memory:");
  const auto events = InTransaction<std::vector<StoredEvent>>(*db, [](Session& s) {
    const auto id = LoadOrCreateRunner(s, "telegram", "1", "Maya", kNow).id;
    RecordEvent(s, id, {dialogs::CoachEvent::Kind::kRedFlag, "R1: felt a pop"}, kNow);
    RecordEvent(s, id, {dialogs::CoachEvent::Kind::kConsultRequested, "asked"}, kNow);
    return EventsFor(s, id);
  });
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event.kind, dialogs::CoachEvent::Kind::kRedFlag);
  EXPECT_EQ(events[0].event.detail, "R1: felt a pop");
  EXPECT_EQ(events[1].event.kind, dialogs::CoachEvent::Kind::kConsultRequested);
}

TEST(Events, SinceATimeOfTheKindsAskedFromEveryRunner) {
  using Kind = dialogs::CoachEvent::Kind;
  auto db = *Database::Open(":memory:");
  const auto events = InTransaction<std::vector<StoredEvent>>(*db, [](Session& s) {
    const auto maya = LoadOrCreateRunner(s, "telegram", "1", "Maya", kNow).id;
    const auto sam = LoadOrCreateRunner(s, "discord", "2", "Sam", kNow).id;
    RecordEvent(s, maya, {Kind::kQuestionAnswered, "ice: too old"}, kNow - days(31));
    RecordEvent(s, maya, {Kind::kQuestionUnsure, "ice,heat: is icing good"}, kNow - days(2));
    RecordEvent(s, sam, {Kind::kRedFlag, "R1: felt a pop"}, kNow - days(1));
    RecordEvent(s, sam, {Kind::kAnswerFeedback, "ice: missed"}, kNow);
    return EventsSince(s, {Kind::kQuestionAnswered, Kind::kQuestionUnsure, Kind::kAnswerFeedback},
                       kNow - days(30));
  });
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event.kind, Kind::kQuestionUnsure);
  EXPECT_EQ(events[0].event.detail, "ice,heat: is icing good");
  EXPECT_EQ(events[0].at, kNow - days(2));
  EXPECT_EQ(events[1].event.kind, Kind::kAnswerFeedback);
  EXPECT_NE(events[0].runner_id, events[1].runner_id);
}

TEST(Migrations, AVersionOneDatabaseWithRunnersUpgrades) {
  achilles::testing::TempDir dir;
  const auto path = (dir.path() / "v1.db").string();
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec(std::string(Migrations()[0]));
    raw.exec("PRAGMA user_version = 1");
    raw.exec(
        "INSERT INTO runners (platform, platform_user_id, display_name, consented_at, "
        "created_at) VALUES ('telegram', '42', 'Old Runner', 1000, 1000)");
  }
  auto db = Database::Open(path);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ((*db)->SchemaVersion(), Database::LatestSchemaVersion());
  const auto runner = InTransaction<std::optional<Runner>>(
      **db, [](Session& s) { return FindRunner(s, "telegram", "42"); });
  ASSERT_TRUE(runner);
  EXPECT_EQ(runner->display_name, "Old Runner");
  EXPECT_EQ(runner->state.consented_at, FromUnixMillis(1000));
  EXPECT_EQ(runner->state.progress.at.phase, dialogs::Phase::kSettle);
  EXPECT_EQ(runner->state.profile.time_zone, "UTC");
}

}  // namespace
}  // namespace achilles::storage

namespace achilles::storage {
namespace {

TEST(RunnerStateStorage, InvalidUtf8InAStoredTextIsReplacedNeverThrown) {
  auto db = *Database::Open(":memory:");
  dialogs::RunnerState state = Everything();
  state.profile.goal = "Марафон \xD0";  // a character cut in half
  state.conversation.draft.note = "bad \xff bytes";
  auto saved = db->Transact<bool>([&](Session& s) -> Result<bool> {
    const Runner runner = LoadOrCreateRunner(s, "telegram", "77", "Olga", kNow);
    SaveRunnerState(s, runner.id, state);
    return true;
  });
  ASSERT_TRUE(saved) << saved.error().message;
  auto loaded = db->Transact<std::optional<Runner>>(
      [&](Session& s) -> Result<std::optional<Runner>> { return FindRunner(s, "telegram", "77"); });
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((**loaded).state.profile.goal, "Марафон \xEF\xBF\xBD");
}

}  // namespace
}  // namespace achilles::storage
