#include "bot/http/secret.h"

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

TEST(Redacted, EveryOccurrenceOfEverySecretGoes) {
  EXPECT_EQ(Redacted("GET /bot123:abc/x failed; 123:abc again, tok too", {"123:abc", "tok", ""}),
            "GET /bot<token>/x failed; <token> again, <token> too");
  EXPECT_EQ(Redacted("nothing secret", {""}), "nothing secret");
}

}  // namespace
}  // namespace achilles::bot
