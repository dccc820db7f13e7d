#include "bot/secret.h"

#include <gtest/gtest.h>

namespace achilles::bot {
namespace {

TEST(Secret, MatchesOnlyTheExactValue) {
  EXPECT_TRUE(SecretMatches("s3cret_-X", "s3cret_-X"));
  EXPECT_FALSE(SecretMatches("s3cret_-x", "s3cret_-X"));
  EXPECT_FALSE(SecretMatches("s3cret_-X ", "s3cret_-X"));
  EXPECT_FALSE(SecretMatches("s3cret", "s3cret_-X"));
  EXPECT_FALSE(SecretMatches("", "s3cret_-X"));
}

TEST(Secret, AnEmptyExpectedSecretNeverMatches) { EXPECT_FALSE(SecretMatches("", "")); }

}  // namespace
}  // namespace achilles::bot
