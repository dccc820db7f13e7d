#include "dialogs/programme.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "dialogs/content.h"
#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::ShippedContent;

const Programme& Shipped() { return ShippedContent().programme; }

// Every position a runner can be at, first to last.
std::vector<ProgrammePosition> AllPositions() {
  std::vector<ProgrammePosition> all{{Phase::kSettle, 1}};
  while (true) {
    const auto next = StepForward(Shipped(), all.back());
    if (next == all.back()) return all;
    all.push_back(next);
  }
}

TEST(Programme, HeavySlowResistanceFollowsBeyerWeekByWeek) {
  const std::vector<std::pair<int, std::string>> expected = {
      {3, "15"}, {3, "12"}, {3, "12"}, {4, "10"}, {4, "10"}, {4, "8"},
      {4, "8"},  {4, "8"},  {4, "6"},  {4, "6"},  {4, "6"},  {4, "6"}};
  ASSERT_EQ(Shipped().HsrWeeks(), 12);
  for (int week = 1; week <= 12; ++week) {
    const Session s =
        Prescribe(Shipped(), {Phase::kHeavySlow, week}, PainSite::kMidportion, DayKind::kHeavy);
    ASSERT_EQ(s.exercises.size(), 3u);
    for (const auto& e : s.exercises) {
      EXPECT_EQ(e.sets, expected[static_cast<std::size_t>(week - 1)].first) << "week " << week;
      EXPECT_EQ(e.reps, expected[static_cast<std::size_t>(week - 1)].second) << "week " << week;
      EXPECT_EQ(e.tempo, "3 s up, 3 s down");
      EXPECT_NE(e.load.find(e.reps + "RM"), std::string::npos) << e.load;
    }
  }
}

TEST(Programme, InsertionalRunnersNeverGoBelowTheFloorAnywhere) {  // R11
  for (const auto& at : AllPositions()) {
    for (DayKind day : {DayKind::kHeavy, DayKind::kLoad, DayKind::kEasy}) {
      const Session s = Prescribe(Shipped(), at, PainSite::kInsertional, day, 12);
      for (const auto& e : s.exercises) {
        EXPECT_FALSE(e.below_floor) << s.title << ": " << e.name;
        EXPECT_EQ(e.how.find("below"), std::string::npos) << s.title << ": " << e.how;
      }
    }
  }
}

TEST(Programme, MidPortionRunnersUseTheFullRangeOnHeavyDays) {
  const Session s =
      Prescribe(Shipped(), {Phase::kHeavySlow, 1}, PainSite::kMidportion, DayKind::kHeavy);
  EXPECT_TRUE(s.exercises.front().below_floor);
  EXPECT_EQ(s.exercises.front().name, "Standing calf raise, straight knee");
}

TEST(Programme, HeavyDaysAreSeparatedByEasyDays) {
  const Session easy =
      Prescribe(Shipped(), {Phase::kHeavySlow, 3}, PainSite::kMidportion, DayKind::kEasy);
  EXPECT_EQ(easy.day, DayKind::kEasy);
  ASSERT_EQ(easy.exercises.size(), 1u);
  EXPECT_EQ(easy.exercises[0].name, "Easy day");
}

TEST(Programme, PlyometricsCountFootContacts) {  // R19
  const auto contacts = [](const Session& s) {
    int total = 0;
    for (const auto& e : s.exercises) {
      if (e.name.find("Heavy") == std::string::npos) total += e.sets * 10;
    }
    return total;
  };
  EXPECT_EQ(contacts(Prescribe(Shipped(), {Phase::kPlyometric, 1}, PainSite::kMidportion,
                               DayKind::kLoad)),
            60);
  EXPECT_EQ(contacts(Prescribe(Shipped(), {Phase::kPlyometric, 2}, PainSite::kMidportion,
                               DayKind::kLoad)),
            80);
}

TEST(Programme, WalkRunStagesComeFromTheTemplate) {
  const Session first =
      Prescribe(Shipped(), {Phase::kWalkRun, 1}, PainSite::kMidportion, DayKind::kLoad);
  ASSERT_TRUE(first.walk_run);
  EXPECT_EQ(first.walk_run->walk_min, 2);
  EXPECT_EQ(first.walk_run->run_min, 3);
  EXPECT_NE(DescribeSession(first).find("walk 2 min, run 3 min"), std::string::npos);
  const Session last =
      Prescribe(Shipped(), {Phase::kWalkRun, 6}, PainSite::kMidportion, DayKind::kLoad);
  EXPECT_NE(DescribeSession(last).find("run continuously"), std::string::npos);
}

TEST(Programme, HeavySlowGoesOnThroughHopsWalkRunAndRunningAtTheRunnersWeek) {  // R14
  for (Phase phase : {Phase::kPlyometric, Phase::kWalkRun, Phase::kFullRunning}) {
    const Session heavy =
        Prescribe(Shipped(), {phase, 1}, PainSite::kMidportion, DayKind::kHeavy, 10);
    ASSERT_EQ(heavy.exercises.size(), 3u) << PhaseId(phase);
    EXPECT_EQ(heavy.hsr_week, 10);
    EXPECT_EQ(heavy.exercises[0].name, "Standing calf raise, straight knee");
    EXPECT_EQ(heavy.exercises[1].name, "Seated calf raise, bent knee") << "the soleus stays";
    EXPECT_EQ(heavy.exercises[0].sets, 4);
    EXPECT_EQ(heavy.exercises[0].reps, "6") << "week 10 is 4 x 6RM";
    EXPECT_FALSE(heavy.walk_run) << "no run on a heavy day";
  }
  const Session hops =
      Prescribe(Shipped(), {Phase::kPlyometric, 1}, PainSite::kMidportion, DayKind::kLoad, 10);
  EXPECT_EQ(hops.hsr_week, 0) << "hops and heavy work never share a day";
  const Session easy =
      Prescribe(Shipped(), {Phase::kPlyometric, 1}, PainSite::kMidportion, DayKind::kEasy, 10);
  ASSERT_EQ(easy.exercises.size(), 1u);
  EXPECT_EQ(easy.exercises[0].name, "Easy day") << "hops are not daily";
}

TEST(Programme, StepsRunThroughEveryPhaseInOrderAndClampAtTheEnds) {
  const auto all = AllPositions();
  ASSERT_EQ(all.size(), 1u + 1u + 12u + 2u + 6u + 1u);
  EXPECT_EQ(all.back().phase, Phase::kFullRunning);
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_EQ(StepBack(Shipped(), all[i]), all[i - 1]);
  }
  EXPECT_EQ(StepBack(Shipped(), all.front()), all.front());
}

TEST(Programme, DescriptionNamesEveryPart) {
  const std::string text = DescribeSession(
      Prescribe(Shipped(), {Phase::kHeavySlow, 4}, PainSite::kMidportion, DayKind::kHeavy));
  EXPECT_NE(text.find("**Heavy slow resistance, week 4**"), std::string::npos);
  EXPECT_NE(text.find("4 x 10, 3 s up, 3 s down"), std::string::npos);
  EXPECT_NE(text.find("Load: heavy enough that 10 is all you can do"), std::string::npos);
  EXPECT_NE(text.find("Rest 2-3 min between sets."), std::string::npos);
}

TEST(Programme, PhaseIdsRoundTrip) {
  for (int i = 0; i < kPhaseCount; ++i) {
    EXPECT_EQ(PhaseFromId(PhaseId(static_cast<Phase>(i))), static_cast<Phase>(i));
  }
  EXPECT_FALSE(PhaseFromId("sprinting"));
}

// A content directory with the shipped files, and programme.json changed by `edit`.
Result<Content> LoadWithProgramme(const std::function<void(nlohmann::json&)>& edit) {
  achilles::testing::TempDir dir;
  for (const char* file : {"texts.json", "red_flags.json"}) {
    std::filesystem::copy_file(BuiltInContentDir() / file, dir.path() / file);
  }
  std::ifstream in(BuiltInContentDir() / "programme.json");
  auto json = nlohmann::json::parse(in);
  edit(json);
  std::ofstream(dir.path() / "programme.json") << json.dump();
  return LoadContent(dir.path());
}

TEST(Programme, ABelowFloorExerciseWithoutAFloorVariantIsRefused) {  // R11 at load time
  auto content = LoadWithProgramme(
      [](nlohmann::json& p) { p["phases"][2]["exercises"][0].erase("floor_variant"); });
  ASSERT_FALSE(content);
  EXPECT_NE(content.error().message.find("no floor_variant (R11)"), std::string::npos);
}

TEST(Programme, MissingThresholdsAndWrongTypesAreNamed) {
  auto missing = LoadWithProgramme([](nlohmann::json& p) { p["thresholds"].erase("pain_safe"); });
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("\"pain_safe\""), std::string::npos);
  auto wrong =
      LoadWithProgramme([](nlohmann::json& p) { p["phases"][2]["weeks"][0]["sets"] = "three"; });
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("programme.json"), std::string::npos);
}

}  // namespace
}  // namespace achilles::dialogs

namespace achilles::dialogs {
namespace {

TEST(Programme, InsertionalRunnersGetNoUphillSprintsInThePlyometrics) {  // R19
  const auto text = [](PainSite site) {
    return DescribeSession(Prescribe(achilles::testing::ShippedContent().programme,
                                     {Phase::kPlyometric, 2}, site, DayKind::kLoad));
  };
  EXPECT_NE(text(PainSite::kMidportion).find("uphill sprints of 10 s"), std::string::npos);
  EXPECT_EQ(text(PainSite::kInsertional).find("uphill sprints of 10 s"), std::string::npos);
  EXPECT_NE(text(PainSite::kInsertional).find("Bounding on the flat"), std::string::npos);
}

}  // namespace
}  // namespace achilles::dialogs
