// The scheduler over a real database with an injected clock: prompts at local time in four
// zones, once per local day (the autumn repeat too), one reminder only while unanswered, the
// weekly review, downtime of one and five hours, pause and resume, and blocked runners.
#include "bot/schedule/scheduler.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/app/chat_console.h"
#include "bot/app/quarantine_desk.h"
#include "bot/inbound/inbound_handler.h"
#include "storage/outbox.h"
#include "storage/quarantine.h"
#include "storage/runners.h"
#include "storage/schedule.h"
#include "tests/support/fixtures.h"
#include "tests/support/runners.h"

namespace achilles::bot {
namespace {

using achilles::testing::ShippedContent;
using namespace std::chrono;

TimePoint Utc(year_month_day date, int hour, int minute = 0) {
  return sys_days{date} + hours(hour) + minutes(minute);
}

// Tuesday 24 November 2026, before anyone's prompt.
const TimePoint kStart = Utc(2026y / November / 23, 12);

class SchedulerTest : public ::testing::Test {
 protected:
  // A runner who finished onboarding, checking in at `time` in `zone`; weekly review on
  // Sunday unless `review_weekday` says otherwise.
  void Onboard(const std::string& user, const std::string& zone, const std::string& time = "07:00",
               unsigned review_weekday = 0) {
    Say(user, dialogs::InboundKind::kButton, "", "", dialogs::kConsentPayload);
    ASSERT_TRUE(db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
      auto runner = *storage::FindRunner(s, kConsole, user);
      runner.state.onboarded_at = clock_.Now();
      runner.state.conversation.asking.clear();
      runner.state.profile.time_zone = zone;
      runner.state.profile.checkin_time = time;
      runner.state.profile.review_weekday = review_weekday;
      runner.state.profile.site = dialogs::PainSite::kMidportion;
      storage::SaveRunnerState(s, runner.id, runner.state);
      storage::UpdateNextDue(s, runner.id, runner.state, coach_.settings().schedule, clock_.Now());
      return true;
    }));
    Drain(user);
  }
  void Say(const std::string& user, dialogs::InboundKind kind, std::string text,
           std::string command = "", std::string button = "") {
    Envelope e;
    e.platform = kConsole;
    e.user_id = user;
    e.chat_id = user;
    e.inbound = dialogs::Inbound{kind,
                                 dialogs::ChatKind::kPrivate,
                                 user,
                                 std::move(text),
                                 std::move(command),
                                 std::move(button)};
    ASSERT_TRUE(handler_.Handle(e));
  }
  void Command(const std::string& user, std::string name, std::string args = "") {
    Say(user, dialogs::InboundKind::kCommand, std::move(args), std::move(name));
  }
  // Ticks at `t` and returns how many prompts were queued.
  int TickAt(TimePoint t) {
    clock_.Set(t);
    auto report = scheduler_.Tick();
    EXPECT_TRUE(report) << report.error().message;
    return report ? report->prompts : -1;
  }
  // The texts waiting for `user`, marked as delivered.
  std::vector<std::string> Drain(const std::string& user) {
    return *db_->Transact<std::vector<std::string>>(
        [&](storage::Session& s) -> Result<std::vector<std::string>> {
          std::vector<std::string> texts;
          for (const auto& row : storage::PendingForChat(s, kConsole, user)) {
            texts.push_back(nlohmann::json::parse(row.message.payload).value("text", ""));
            storage::MarkSent(s, row.id, clock_.Now());
          }
          return texts;
        });
  }
  static bool AnyHas(const std::vector<std::string>& texts, const std::string& part) {
    for (const auto& text : texts) {
      if (text.find(part) != std::string::npos) return true;
    }
    return false;
  }

  std::unique_ptr<storage::Database> db_ = *storage::Database::Open(":memory:");
  FakeClock clock_{kStart};
  dialogs::Coach coach_{ShippedContent()};
  ConsoleRenderer renderer_;
  InboundHandler handler_{*db_, coach_, clock_, {{kConsole, &renderer_}}, nullptr};
  int commits_ = 0;
  Metrics metrics_;
  Scheduler scheduler_{*db_,
                       coach_,
                       clock_,
                       {{kConsole, &renderer_}},
                       [this](const std::string&) { ++commits_; },
                       &metrics_};
};

TEST_F(SchedulerTest, EachRunnerIsPromptedAtSevenTheirTime) {
  Onboard("berlin", "Europe/Berlin");
  Onboard("new_york", "America/New_York");
  Onboard("auckland", "Pacific/Auckland");
  Onboard("kolkata", "Asia/Kolkata");
  struct Due {
    const char* user;
    TimePoint at;
  };
  // In the order their 07:00 comes round after kStart.
  for (const Due& due : {Due{"auckland", Utc(2026y / November / 23, 18)},
                         Due{"kolkata", Utc(2026y / November / 24, 1, 30)},
                         Due{"berlin", Utc(2026y / November / 24, 6)},
                         Due{"new_york", Utc(2026y / November / 24, 12)}}) {
    SCOPED_TRACE(due.user);
    const int woken = commits_;
    TickAt(due.at - seconds(30));  // (earlier runners' reminders may be due)
    EXPECT_TRUE(Drain(due.user).empty());
    EXPECT_GE(TickAt(due.at), 1);
    EXPECT_GT(commits_, woken) << "the sender is woken when prompts are queued";
    const auto texts = Drain(due.user);
    EXPECT_TRUE(AnyHas(texts, std::string("Good morning, ") + due.user + "!"));
  }
}

TEST_F(SchedulerTest, MetricsCountEachTickAndItsPrompts) {
  Onboard("berlin", "Europe/Berlin");
  TickAt(Utc(2026y / November / 24, 5));
  TickAt(Utc(2026y / November / 24, 6));
  const std::string text = metrics_.Render({});
  EXPECT_NE(text.find("\nachilles_scheduler_tick_seconds_count 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nachilles_scheduler_tick_seconds_max "), std::string::npos);
  EXPECT_NE(text.find("\nachilles_prompts_total{kind=\"checkin\"} 1\n"), std::string::npos);
}

TEST_F(SchedulerTest, ATickTwiceInTheSameMinuteSendsOnce) {
  Onboard("maya", "Europe/Berlin");
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6)), 1);
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6, 0) + seconds(30)), 0);
  EXPECT_EQ(Drain("maya").size(), 1u) << "the greeting and the first question, one message";
}

TEST_F(SchedulerTest, TheAutumnRepeatOfTheHourIsNotSentTwice) {
  clock_.Set(Utc(2026y / October / 24, 12));
  Onboard("maya", "Europe/Berlin", "02:30", 1);
  EXPECT_EQ(TickAt(Utc(2026y / October / 25, 0, 30)), 1);  // 02:30 CEST
  EXPECT_EQ(TickAt(Utc(2026y / October / 25, 1, 30)), 0);  // 02:30 CET, the repeat
}

TEST_F(SchedulerTest, TheSpringForwardGapSendsWhenTheClocksJump) {
  clock_.Set(Utc(2026y / March / 28, 12));
  Onboard("maya", "Europe/Berlin", "02:30", 1);
  EXPECT_EQ(TickAt(Utc(2026y / March / 29, 0, 59)), 0);
  EXPECT_EQ(TickAt(Utc(2026y / March / 29, 1)), 1);  // 03:00 CEST: 02:30 never came
}

TEST_F(SchedulerTest, OneReminderOnlyWhileTheCheckInIsUnanswered) {
  Onboard("maya", "Europe/Berlin");
  Onboard("dana", "Europe/Berlin");
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6)), 2);
  clock_.Set(Utc(2026y / November / 24, 7));
  Command("dana", "checkin", "stiffness 2 rehab 2");  // dana answers
  Drain("maya");
  Drain("dana");
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 8, 59)), 0);
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 9)), 1);
  EXPECT_TRUE(AnyHas(Drain("maya"), "still open"));
  EXPECT_TRUE(Drain("dana").empty());
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 12)), 0) << "never a second reminder";
}

TEST_F(SchedulerTest, AfterAnHourDownThePromptGoesAfterFiveItIsSkipped) {
  Onboard("maya", "Europe/Berlin");
  Onboard("dana", "Europe/Berlin", "03:00");
  // Down from before 03:00 (02:00 UTC) until 08:00 Berlin (07:00 UTC): dana's prompt is five
  // hours late and skipped; maya's is one hour late and goes.
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 7)), 1);
  EXPECT_TRUE(AnyHas(Drain("maya"), "Good morning"));
  EXPECT_TRUE(Drain("dana").empty());
  EXPECT_EQ(TickAt(Utc(2026y / November / 25, 2)), 1) << "dana's next one is tomorrow";
  EXPECT_TRUE(AnyHas(Drain("dana"), "Good morning"));
}

TEST_F(SchedulerTest, PausedRunnersHearNothingUntilTheyResume) {
  Onboard("maya", "Europe/Berlin");
  Command("maya", "pause", "2");  // today and tomorrow (Berlin days)
  Drain("maya");
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6)), 0);
  clock_.Set(Utc(2026y / November / 24, 12));
  Command("maya", "resume");
  Drain("maya");
  EXPECT_EQ(TickAt(Utc(2026y / November / 25, 6)), 1);
}

TEST_F(SchedulerTest, ARunnerWhoBlockedTheBotGetsNothing) {
  Onboard("maya", "Europe/Berlin");
  ASSERT_TRUE(db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
    storage::MarkUnreachable(s, storage::FindRunner(s, kConsole, "maya")->id, clock_.Now());
    return true;
  }));
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6)), 0);
  EXPECT_TRUE(Drain("maya").empty());
}

TEST_F(SchedulerTest, TheWeeklyReviewComesFirstOnItsDay) {
  Onboard("maya", "Europe/Berlin", "07:00", 2);  // Tuesday
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6)), 2);
  const auto texts = Drain("maya");
  ASSERT_GE(texts.size(), 3u);
  EXPECT_NE(texts[0].find("Your week"), std::string::npos) << texts[0];
  EXPECT_TRUE(AnyHas(texts, "Good morning"));
}

TEST_F(SchedulerTest, RunnersStillOnboardingAreNotPrompted) {
  Say("maya", dialogs::InboundKind::kButton, "", "", dialogs::kConsentPayload);
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6)), 0);
  EXPECT_EQ(TickAt(Utc(2026y / November / 25, 6)), 0);
}

TEST_F(SchedulerTest, OtherPlatformsWaitUntilTheirsIsOn) {
  Onboard("maya", "Europe/Berlin");
  Scheduler telegram_only(*db_, coach_, clock_, {{"telegram", &renderer_}}, nullptr, nullptr);
  clock_.Set(Utc(2026y / November / 24, 6));
  ASSERT_EQ(telegram_only.Tick()->prompts, 0);
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6)), 1) << "still due for the console platform";
}

TEST_F(SchedulerTest, MoreRunnersThanABatchAreAllPrompted) {
  const int runners = static_cast<int>(Scheduler::kBatch) + 20;
  ASSERT_TRUE(db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
    dialogs::Profile profile;
    profile.time_zone = "Europe/Berlin";
    profile.checkin_time = "07:00";
    for (int i = 0; i < runners; ++i) {
      std::string name = "r";
      name += std::to_string(i);
      testing::AddPromptableRunner(s, kConsole, name, profile, coach_.settings().schedule,
                                   clock_.Now());
    }
    return true;
  }));
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6)), runners);
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6, 1)), 0);
}

}  // namespace
}  // namespace achilles::bot

namespace achilles::bot {
namespace {

// Issue 13: one bad stored row must not stop the background work. A runner whose row cannot be
// read (a string where a number belongs) used to fail the whole batch on every tick, so nobody
// in it was ever prompted again; now that runner alone is rolled back, taken off the schedule
// and quarantined, and everyone else is prompted.
TEST_F(SchedulerTest, ACorruptRunnerIsQuarantinedAndEveryoneElseIsPrompted) {
  Onboard("ann", "Europe/Berlin");
  Onboard("bad", "Europe/Berlin");
  Onboard("cat", "Europe/Berlin");
  ASSERT_TRUE(db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
    s.db().exec(
        "UPDATE runners SET progress = '{\"clean_runs\": \"two\"}' "
        "WHERE platform_user_id = 'bad'");
    return true;
  }));
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6)), 2);
  EXPECT_TRUE(AnyHas(Drain("ann"), "Good morning, ann!"));
  EXPECT_TRUE(AnyHas(Drain("cat"), "Good morning, cat!"));
  EXPECT_TRUE(Drain("bad").empty());
  const auto entries = *db_->Transact<std::vector<storage::Quarantined>>(
      [](storage::Session& s) -> Result<std::vector<storage::Quarantined>> {
        return storage::ListQuarantined(s, false);
      });
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].source, "scheduler");
  EXPECT_NE(entries[0].error.find("unreadable coaching state"), std::string::npos);
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6, 1)), 0) << "off the schedule: not tried again";

  // Fixed and replayed: back on the schedule, prompted at the next tick.
  ASSERT_TRUE(db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
    s.db().exec("UPDATE runners SET progress = '{}' WHERE platform_user_id = 'bad'");
    return true;
  }));
  ASSERT_TRUE(ReplayQuarantined(*db_, handler_, clock_, {}, entries[0].id));
  EXPECT_EQ(TickAt(Utc(2026y / November / 24, 6, 2)), 1);
  EXPECT_TRUE(AnyHas(Drain("bad"), "Good morning, bad!"));
}

}  // namespace
}  // namespace achilles::bot
