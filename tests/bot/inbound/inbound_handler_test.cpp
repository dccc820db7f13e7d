#include "bot/inbound/inbound_handler.h"

#include <gtest/gtest.h>

#include "bot/app/chat_console.h"
#include "storage/checkins.h"
#include "storage/outbox.h"
#include "storage/runners.h"
#include "tests/support/fixtures.h"

namespace achilles::bot {
namespace {

using achilles::testing::ShippedContent;
using std::chrono::days;
using namespace std::chrono_literals;

// 2026-11-24 12:00 UTC: already the 25th in Auckland (UTC+13 in summer).
const TimePoint kNoonUtc = std::chrono::sys_days{std::chrono::November / 24 / 2026} + 12h;

class InboundHandlerTest : public ::testing::Test {
 protected:
  void Say(dialogs::InboundKind kind, std::string text, std::string command = "",
           std::string button = "") {
    Envelope e;
    e.platform = kConsole;
    e.user_id = "maya";
    e.chat_id = "maya";
    e.inbound = dialogs::Inbound{kind,
                                 dialogs::ChatKind::kPrivate,
                                 "Maya",
                                 std::move(text),
                                 std::move(command),
                                 std::move(button)};
    ASSERT_TRUE(handler_.Handle(e));
  }
  storage::Runner Runner() {
    return **db_->Transact<std::optional<storage::Runner>>(
        [](storage::Session& s) -> Result<std::optional<storage::Runner>> {
          return storage::FindRunner(s, kConsole, "maya");
        });
  }
  // An onboarded runner in `zone`.
  void Onboarded(const std::string& zone) {
    Say(dialogs::InboundKind::kButton, "", "", dialogs::kConsentPayload);
    ASSERT_TRUE(db_->Transact<bool>([&](storage::Session& s) -> Result<bool> {
      auto runner = *storage::FindRunner(s, kConsole, "maya");
      runner.state.onboarded_at = kNoonUtc - days(1);
      runner.state.conversation.asking.clear();
      runner.state.profile.time_zone = zone;
      runner.state.profile.site = dialogs::PainSite::kMidportion;
      runner.state.progress.at = {dialogs::Phase::kHeavySlow, 2};
      storage::SaveRunnerState(s, runner.id, runner.state);
      return true;
    }));
  }
  // (The runner is looked up first: transactions do not nest.)
  std::vector<dialogs::DayRecord> CheckIns() {
    const auto id = Runner().id;
    return *db_->Transact<std::vector<dialogs::DayRecord>>(
        [&](storage::Session& s) -> Result<std::vector<dialogs::DayRecord>> {
          return storage::CheckInsSince(s, id, Day{});
        });
  }
  std::vector<storage::StoredEvent> Events() {
    const auto id = Runner().id;
    return *db_->Transact<std::vector<storage::StoredEvent>>(
        [&](storage::Session& s) -> Result<std::vector<storage::StoredEvent>> {
          return storage::EventsFor(s, id);
        });
  }

  std::unique_ptr<storage::Database> db_ = *storage::Database::Open(":memory:");
  FakeClock clock_{kNoonUtc};
  dialogs::Coach coach_{ShippedContent()};
  ConsoleRenderer renderer_;
  InboundHandler handler_{*db_, coach_, clock_, {{kConsole, &renderer_}}, nullptr};
};

TEST_F(InboundHandlerTest, ACheckInIsStoredForTheRunnersOwnLocalDay) {
  Onboarded("Pacific/Auckland");
  Say(dialogs::InboundKind::kCommand, "stiffness 2 rehab 3", "checkin");
  const auto records = CheckIns();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].day, std::chrono::sys_days{std::chrono::November / 25 / 2026});
  EXPECT_EQ(records[0].check_in.rehab_pain, 3);
}

TEST_F(InboundHandlerTest, TheSameMomentIsStillYesterdayInNewYork) {
  Onboarded("America/New_York");
  Say(dialogs::InboundKind::kCommand, "stiffness 2 rehab 3", "checkin");
  clock_.Set(kNoonUtc + 14h);  // 02:00 UTC on the 25th: 21:00 on the 24th in New York
  Say(dialogs::InboundKind::kCommand, "ran 5km pain 1", "checkin");
  const auto records = CheckIns();
  ASSERT_EQ(records.size(), 1u) << "both belong to the 24th, local time";
  EXPECT_EQ(records[0].check_in.run_km, 5.0);
  EXPECT_EQ(records[0].check_in.rehab_pain, 3);
}

TEST_F(InboundHandlerTest, EarlierCheckInsReachTheCoach) {
  Onboarded("UTC");
  for (int i = 0; i < 3; ++i) {
    Say(dialogs::InboundKind::kCommand, "stiffness 2 rehab 2", "checkin");
    clock_.Advance(24h);
  }
  Say(dialogs::InboundKind::kCommand, "stiffness 5 rehab 2", "checkin");
  const auto runner = Runner();
  EXPECT_EQ(runner.state.progress.flare_days.size(), 1u)
      << "a morning above the stored baseline is a flare (R9): history was loaded";
  EXPECT_EQ(CheckIns().size(), 4u);
}

TEST_F(InboundHandlerTest, RedFlagsAreStoredAsEventsForTheCoach) {
  Onboarded("UTC");
  Say(dialogs::InboundKind::kText, "felt a pop in my heel on the stairs");
  const auto events = Events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].event.kind, dialogs::CoachEvent::Kind::kRedFlag);
  EXPECT_NE(events[0].event.detail.find("R1"), std::string::npos);
}

TEST_F(InboundHandlerTest, AnUnknownTimeZoneFallsBackToUtc) {
  Onboarded("Mars/Olympus_Mons");
  Say(dialogs::InboundKind::kCommand, "stiffness 2 rehab 3", "checkin");
  ASSERT_EQ(CheckIns().size(), 1u);
  EXPECT_EQ(CheckIns()[0].day, std::chrono::sys_days{std::chrono::November / 24 / 2026});
}

}  // namespace
}  // namespace achilles::bot
