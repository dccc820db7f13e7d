#include "bot/telegram/chat_admin_cache.h"

#include <gtest/gtest.h>

namespace achilles::bot {
namespace {

using namespace std::chrono_literals;

class ChatAdminCacheTest : public ::testing::Test {
 protected:
  FakeClock clock_{FromUnixMillis(1764000000000)};
  int asked_ = 0;
  Result<bool> answer_ = true;
  ChatAdminCache cache_{[this](const std::string&, const std::string&) {
                          ++asked_;
                          return answer_;
                        },
                        clock_, 10min, 3};
};

TEST_F(ChatAdminCacheTest, AnAnswerIsRememberedUntilItExpires) {
  EXPECT_TRUE(cache_.IsAdmin("-100", "7"));
  EXPECT_TRUE(cache_.IsAdmin("-100", "7"));
  EXPECT_EQ(asked_, 1) << "the second /coach does not wait for the platform";
  answer_ = false;
  clock_.Advance(10min);
  EXPECT_FALSE(cache_.IsAdmin("-100", "7")) << "a demoted admin is noticed after the TTL";
  EXPECT_EQ(asked_, 2);
}

TEST_F(ChatAdminCacheTest, EachGroupAndUserIsAskedAboutSeparately) {
  EXPECT_TRUE(cache_.IsAdmin("-100", "7"));
  answer_ = false;
  EXPECT_FALSE(cache_.IsAdmin("-100", "8"));
  EXPECT_FALSE(cache_.IsAdmin("-200", "7"));
  EXPECT_TRUE(cache_.IsAdmin("-100", "7"));
  EXPECT_EQ(asked_, 3);
}

TEST_F(ChatAdminCacheTest, NoAnswerIsNoButNotRemembered) {
  answer_ = Fail(Error::Unavailable("Telegram did not answer getChatMember"));
  EXPECT_FALSE(cache_.IsAdmin("-100", "7"));
  answer_ = true;
  EXPECT_TRUE(cache_.IsAdmin("-100", "7")) << "the next try asks again";
  EXPECT_EQ(asked_, 2);
}

TEST_F(ChatAdminCacheTest, ItHoldsAtMostItsCapacity) {
  for (int user = 0; user < 10; ++user) cache_.IsAdmin("-100", std::to_string(user));
  EXPECT_EQ(asked_, 10);
  cache_.IsAdmin("-100", "9");
  EXPECT_EQ(asked_, 10) << "the newest answer is kept";
  cache_.IsAdmin("-100", "0");
  EXPECT_EQ(asked_, 11) << "an old one made room";
}

}  // namespace
}  // namespace achilles::bot
