// Signing interactions the way Discord does, for tests: Ed25519 over timestamp + body with the
// RFC 8032 section 7.1 TEST 1 key, whose public half signed tests/fixtures/discord/.
#pragma once

#include <string>

namespace achilles::testing {

// The public key of the test key pair, hex (DISCORD_PUBLIC_KEY in tests).
inline constexpr char kDiscordTestPublicKey[] =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

// The hex signature of `timestamp` + `body`.
std::string SignDiscord(const std::string& timestamp, const std::string& body);

}  // namespace achilles::testing
