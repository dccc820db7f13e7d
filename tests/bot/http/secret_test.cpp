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

TEST(SignedTimestamp, FreshWithinFiveMinutesEitherWay) {
  const TimePoint now = FromUnixMillis(1764000000000);
  EXPECT_TRUE(TimestampFresh("1764000000", now));
  EXPECT_TRUE(TimestampFresh("1763999700", now));
  EXPECT_FALSE(TimestampFresh("1763999699", now)) << "a replay from 5 min 1 s ago";
  EXPECT_TRUE(TimestampFresh("1764000300", now));
  EXPECT_FALSE(TimestampFresh("1764000301", now));
  EXPECT_FALSE(TimestampFresh("", now));
  EXPECT_FALSE(TimestampFresh("17640000x0", now));
  EXPECT_FALSE(TimestampFresh("-1", now));
  EXPECT_FALSE(TimestampFresh("-9223372036854775808", now)) << "no overflow either";
  EXPECT_FALSE(TimestampFresh("99999999999999999999", now));
  EXPECT_FALSE(TimestampFresh(" 1764000000", now));
}

TEST(Hex, TwoLowerCaseDigitsAByte) {
  EXPECT_EQ(ToHex(""), "");
  EXPECT_EQ(ToHex(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
}

}  // namespace
}  // namespace achilles::bot
