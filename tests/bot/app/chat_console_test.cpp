#include "bot/app/chat_console.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/outbox.h"
#include "storage/runners.h"
#include "tests/support/fixtures.h"

namespace achilles::bot {
namespace {

using achilles::testing::ShippedContent;

class ChatConsoleTest : public ::testing::Test {
 protected:
  std::string Talk(const std::string& input, const std::string& name = "maya") {
    ChatConsole console(*db_, coach_, clock_, name, files_.path());
    std::istringstream in(input);
    std::ostringstream out;
    EXPECT_EQ(console.Run(in, out), 0);
    return out.str();
  }

  achilles::testing::TempDir files_;
  std::unique_ptr<storage::Database> db_ = *storage::Database::Open(":memory:");
  FakeClock clock_{FromUnixMillis(1764000000000)};
  dialogs::Coach coach_{ShippedContent()};
};

TEST_F(ChatConsoleTest, ANewcomerSeesTheWelcomeAndANumberedButton) {
  const std::string out = Talk("");
  EXPECT_NE(out.find("Hi maya!"), std::string::npos);
  EXPECT_NE(out.find("not medical advice"), std::string::npos);
  EXPECT_NE(out.find("  [1] I understand"), std::string::npos);
  EXPECT_EQ(out.find("**"), std::string::npos) << "formatting marks are not shown raw";
}

TEST_F(ChatConsoleTest, TypingTheNumberPressesTheButtonAndConsentIsStored) {
  const std::string out = Talk("1\n");
  EXPECT_NE(out.find("Thanks, maya. A few questions so the plan fits you."), std::string::npos);
  auto runner = *db_->Transact<std::optional<storage::Runner>>(
      [](storage::Session& s) -> Result<std::optional<storage::Runner>> {
        return storage::FindRunner(s, kConsole, "maya");
      });
  ASSERT_TRUE(runner);
  EXPECT_TRUE(runner->state.consented_at);
}

TEST_F(ChatConsoleTest, AReturningRunnerIsNotWelcomedAgain) {
  Talk("1\n");
  const std::string out = Talk("/help\n/quit\nignored after quit\n");
  EXPECT_EQ(out.find("Hi maya!"), std::string::npos);
  EXPECT_NE(out.find("What I can do"), std::string::npos);
  EXPECT_EQ(out.find("ignored after quit"), std::string::npos);
}

TEST_F(ChatConsoleTest, ANumberWithNoButtonShownIsTypedText) {
  // After consent the side question shows four buttons; 7 is typed text, not an answer.
  const std::string out = Talk("1\n7\n");
  EXPECT_NE(out.find("[4] Skip"), std::string::npos);
  EXPECT_NE(out.find("I couldn't use that answer"), std::string::npos);
}

TEST_F(ChatConsoleTest, ANewcomerReachesTheirFirstSessionByTypingNumbers) {
  // Consent; left; above the heel; under 6 weeks; up to 20 km; up to 5 km; run without pain;
  // ten heel raises yes, pain 0; No to the six safety questions; London; 07:00; Monday.
  const std::string out = Talk("1\n1\n2\n1\n2\n2\n1\n1\n1\n2\n2\n2\n2\n2\n2\n1\n1\n1\n");
  EXPECT_EQ(out.find("Stop"), std::string::npos) << out;
  EXPECT_NE(out.find("Today's session"), std::string::npos) << out;
}

// Reads the whole file at `path`.
std::string Contents(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

// The path printed after `label` ("Chart: /tmp/.../chart.png"), or "".
std::string PathAfter(const std::string& out, const std::string& label) {
  const auto at = out.find(label);
  if (at == std::string::npos) return "";
  const auto start = at + label.size();
  return out.substr(start, out.find('\n', start) - start);
}

TEST_F(ChatConsoleTest, ChartsAndFilesAreWrittenAndTheirPathsPrinted) {
  Talk("1\n1\n2\n1\n2\n2\n1\n1\n1\n2\n2\n2\n2\n2\n2\n1\n1\n1\n");
  const std::string out = Talk("/checkin stiffness 2 pain 1 ran 4km\n/progress\n/export\n");
  // /progress: the numbers in words, and the chart as a PNG file.
  EXPECT_NE(out.find("Week by week"), std::string::npos) << out;
  const std::string chart = PathAfter(out, "Chart: ");
  ASSERT_FALSE(chart.empty()) << out;
  EXPECT_EQ(std::filesystem::path(chart).parent_path(), files_.path());
  EXPECT_EQ(Contents(chart).rfind("\x89PNG\r\n\x1a\n", 0), 0u);
  // /export: the JSON and the CSV.
  const std::string first = PathAfter(out, "File: ");
  ASSERT_FALSE(first.empty()) << out;
  EXPECT_NE(Contents(first).find("\"check_ins\""), std::string::npos);
  const std::string second = PathAfter(out.substr(out.find(first) + first.size()), "File: ");
  ASSERT_FALSE(second.empty()) << out;
  EXPECT_EQ(Contents(second).rfind("date,morning_stiffness,", 0), 0u);
}

TEST(ConsoleRenderer, EachChartGetsItsOwnFileName) {
  dialogs::Reply progress{"six weeks", {}};
  progress.chart = dialogs::Chart{.runner = dialogs::RunnerChart{}};
  dialogs::Reply first{"team 1 of 2", {}};
  first.chart = dialogs::Chart{.squad = dialogs::SquadChart{}};
  dialogs::Reply second = first;
  const auto calls = ConsoleRenderer().Render(
      {progress, first, second}, ReplyAddress::Chat("maya", storage::ChatScope::kPrivate));
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].uploads.at(0).filename, "progress-chart.png");
  EXPECT_EQ(calls[1].uploads.at(0).filename, "team-chart-1.png");
  EXPECT_EQ(calls[2].uploads.at(0).filename, "team-chart-2.png") << "not over the first";
}

TEST_F(ChatConsoleTest, EachNameIsItsOwnRunnerAndRepliesAreMarkedSent) {
  Talk("1\n", "maya");
  const std::string out = Talk("", "tomas");
  EXPECT_NE(out.find("Hi tomas!"), std::string::npos);
  EXPECT_EQ(*db_->Transact<std::int64_t>([](storage::Session& s) -> Result<std::int64_t> {
    return storage::PendingCount(s);
  }),
            0);
}

}  // namespace
}  // namespace achilles::bot
