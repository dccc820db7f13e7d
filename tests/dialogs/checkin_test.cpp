#include "dialogs/checkin.h"

#include <gtest/gtest.h>

namespace achilles::dialogs {
namespace {

CheckIn Read(std::string_view text) {
  const auto reading = ReadCheckIn(text);
  EXPECT_TRUE(reading.problems.empty()) << text << ": " << reading.problems.front();
  return reading.check_in;
}

TEST(CheckInReading, TheOneLineForm) {
  const CheckIn c = Read("stiffness 3 pain 2 ran 6km");
  EXPECT_EQ(c.morning_stiffness, 3);
  EXPECT_EQ(c.run_pain, 2);
  EXPECT_EQ(c.run_km, 6.0);
  EXPECT_FALSE(c.rehab_pain);
}

TEST(CheckInReading, ASentenceWithMinutesOfStiffness) {
  const CheckIn c = Read("stiff for about 20 min this morning, pain 3 on my 6k run");
  EXPECT_EQ(c.stiffness_minutes, 20);
  EXPECT_FALSE(c.morning_stiffness) << "20 minutes is not a 0-10 score";
  EXPECT_EQ(c.run_pain, 3);
  EXPECT_EQ(c.run_km, 6.0);
}

TEST(CheckInReading, RehabPainIsNotRunningPain) {
  const CheckIn c = Read("stiff 2/10, rehab pain 4, running pain 1, did the session");
  EXPECT_EQ(c.morning_stiffness, 2);
  EXPECT_EQ(c.rehab_pain, 4);
  EXPECT_EQ(c.run_pain, 1);
  EXPECT_EQ(c.did_session, true);
}

TEST(CheckInReading, RunsInMilesAndMinutesAndRestDays) {
  EXPECT_EQ(Read("ran 3 miles, pain 2").run_km, 4.8);
  EXPECT_EQ(Read("Ran 30 min easy").run_minutes, 30);
  EXPECT_TRUE(Read("rest day, stiffness 1").no_run);
  EXPECT_TRUE(Read("didn't run, skipped the rehab").no_run);
  EXPECT_EQ(Read("5.5km, pain 2").run_km, 5.5);
  EXPECT_EQ(Read("10,5 km").run_km, 10.5);
}

TEST(CheckInReading, SessionAndPainkillers) {
  EXPECT_EQ(Read("skipped the session").did_session, false);
  EXPECT_EQ(Read("missed my rehab").did_session, false);
  EXPECT_EQ(Read("done the exercises").did_session, true);
  EXPECT_EQ(Read("took ibuprofen last night").painkillers, true);
  EXPECT_EQ(Read("no painkillers").painkillers, false);
  EXPECT_FALSE(Read("stiffness 2").painkillers);
}

TEST(CheckInReading, UpperCaseAndPunctuation) {
  const CheckIn c = Read("STIFFNESS: 4, PAIN=5, 8K");
  EXPECT_EQ(c.morning_stiffness, 4);
  EXPECT_EQ(c.run_pain, 5);
  EXPECT_EQ(c.run_km, 8.0);
}

TEST(CheckInReading, TheNoteKeepsTheRunnersWords) {
  EXPECT_EQ(Read("stiffness 2, felt a twinge").note, "stiffness 2, felt a twinge");
}

struct Junk {
  const char* text;
  const char* problem;  // a fragment of the expected problem; "" when nothing is read at all
};

class CheckInJunk : public ::testing::TestWithParam<Junk> {};

TEST_P(CheckInJunk, IsNeverStoredHalfRead) {
  const auto reading = ReadCheckIn(GetParam().text);
  EXPECT_FALSE(reading.Usable()) << GetParam().text;
  if (*GetParam().problem != '\0') {
    ASSERT_FALSE(reading.problems.empty()) << GetParam().text;
    EXPECT_NE(reading.problems.front().find(GetParam().problem), std::string::npos)
        << reading.problems.front();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Texts, CheckInJunk,
    ::testing::Values(Junk{"", ""}, Junk{"hello", ""}, Junk{"asdf qwer zxcv", ""},
                      Junk{"pain 12", "Running pain should be a whole number from 0 to 10, not 12"},
                      Junk{"stiffness 11 pain 2", "Stiffness should be"},
                      Junk{"stiffness 2.5", "not 2.5"}, Junk{"rehab 99", "Rehab pain"},
                      Junk{"ran 9999km", "looks like a typo"},
                      Junk{"pain 99999999999999999999 stiff 9999999999999 min", "Running pain"},
                      Junk{"🏃🏃🏃 \xff\xfe", ""}));

TEST(CheckInReading, QuestionsAreNotCheckIns) {
  EXPECT_TRUE(LooksLikeQuestion("is pain 3 ok while running?"));
  EXPECT_TRUE(LooksLikeQuestion("Should I run today"));
  EXPECT_TRUE(LooksLikeQuestion("are zero drop shoes bad"));
  EXPECT_FALSE(LooksLikeQuestion("pain 3 ran 5k"));
  EXPECT_FALSE(LooksLikeQuestion("stiff for 20 min, pain 3 on my 6k"));
}

}  // namespace
}  // namespace achilles::dialogs
