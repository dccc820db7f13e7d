#include "bot/discord/discord_signature.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/discord_signer.h"
#include "tests/support/fixtures.h"

namespace achilles::bot {
namespace {

using achilles::testing::ReadFixture;

struct Signed {
  std::string body;
  std::string timestamp;
  std::string signature;
};

std::vector<Signed> SignedFixtures() {
  const auto index = nlohmann::json::parse(ReadFixture("discord/signatures.json"));
  std::vector<Signed> all;
  for (const auto& entry : index["signed"]) {
    all.push_back({ReadFixture("discord/" + entry["file"].get<std::string>()), entry["timestamp"],
                   entry["signature"]});
  }
  return all;
}

DiscordSignature FixtureKey() {
  const auto index = nlohmann::json::parse(ReadFixture("discord/signatures.json"));
  return *DiscordSignature::Create(index["public_key"].get<std::string>());
}

TEST(DiscordSignature, EverySignedFixtureVerifies) {
  const auto key = FixtureKey();
  const auto fixtures = SignedFixtures();
  ASSERT_EQ(fixtures.size(), 5u);
  for (const auto& f : fixtures) EXPECT_TRUE(key.Verify(f.timestamp, f.body, f.signature));
}

TEST(DiscordSignature, OneByteChangedAnywhereFails) {
  const auto key = FixtureKey();
  for (const auto& f : SignedFixtures()) {
    for (std::size_t at : {std::size_t{0}, f.body.size() / 2, f.body.size() - 1}) {
      std::string body = f.body;
      body[at] = static_cast<char>(body[at] ^ 0x01);
      EXPECT_FALSE(key.Verify(f.timestamp, body, f.signature)) << "byte " << at;
    }
    std::string signature = f.signature;
    signature[10] = signature[10] == '0' ? '1' : '0';
    EXPECT_FALSE(key.Verify(f.timestamp, f.body, signature));
    EXPECT_FALSE(key.Verify("1764000001", f.body, f.signature)) << "the timestamp is signed too";
    // Re-serialised JSON is not the bytes Discord signed.
    EXPECT_FALSE(key.Verify(f.timestamp, nlohmann::json::parse(f.body).dump(), f.signature));
  }
}

TEST(DiscordSignature, MissingOrMalformedSignaturesFail) {
  const auto key = FixtureKey();
  const auto f = SignedFixtures()[0];
  EXPECT_FALSE(key.Verify(f.timestamp, f.body, ""));
  EXPECT_FALSE(key.Verify("", f.body, f.signature));
  EXPECT_FALSE(key.Verify(f.timestamp, f.body, f.signature.substr(2)));
  EXPECT_FALSE(key.Verify(f.timestamp, f.body, std::string(128, 'z')));
  EXPECT_FALSE(key.Verify(f.timestamp, f.body, std::string(128, '0')));
}

TEST(DiscordSignature, OurTestSignerMatchesTheFixtureKey) {
  const auto key = FixtureKey();
  const auto f = SignedFixtures()[1];
  EXPECT_EQ(testing::SignDiscord(f.timestamp, f.body), f.signature)
      << "Ed25519 is deterministic: the same key signs the same bytes the same way";
}

TEST(DiscordSignature, KeysMustBe32BytesOfHex) {
  EXPECT_FALSE(DiscordSignature::Create(""));
  EXPECT_FALSE(DiscordSignature::Create("d75a98"));
  EXPECT_FALSE(DiscordSignature::Create(std::string(64, 'g')));
  EXPECT_TRUE(DiscordSignature::Create(testing::kDiscordTestPublicKey));
}

}  // namespace
}  // namespace achilles::bot
