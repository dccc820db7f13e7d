#include "bot/secret.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>

namespace achilles::bot {
namespace {

std::array<unsigned char, SHA256_DIGEST_LENGTH> Digest(std::string_view text) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

}  // namespace

bool SecretMatches(std::string_view given, std::string_view expected) {
  if (expected.empty()) return false;
  const auto a = Digest(given);
  const auto b = Digest(expected);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace achilles::bot
