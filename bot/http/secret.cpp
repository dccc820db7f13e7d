#include "bot/http/secret.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <charconv>

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

std::string Redacted(std::string text, std::initializer_list<std::string_view> secrets) {
  constexpr std::string_view kMark = "<token>";
  // One pass over the text, always past the last mark: a secret that occurs inside "<token>"
  // itself ("tok") is neither looped on nor replaced within an earlier mark.
  std::size_t pos = 0;
  while (true) {
    std::size_t found = std::string::npos;
    std::size_t length = 0;
    for (std::string_view secret : secrets) {
      if (secret.empty()) continue;
      const auto at = text.find(secret, pos);
      if (at < found || (at == found && secret.size() > length)) {
        found = at;
        length = secret.size();
      }
    }
    if (found == std::string::npos) return text;
    text.replace(found, length, kMark);
    pos = found + kMark.size();
  }
}

std::string ToHex(std::string_view bytes) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xf];
  }
  return hex;
}

bool TimestampFresh(std::string_view unix_seconds, TimePoint now) {
  std::int64_t seconds = 0;
  const char* const end = unix_seconds.data() + unix_seconds.size();
  const auto [stop, ec] = std::from_chars(unix_seconds.data(), end, seconds);
  if (unix_seconds.empty() || ec != std::errc() || stop != end) return false;
  // Compared as bounds around now, so no subtraction can overflow (-9223372036854775808).
  const std::int64_t now_seconds = ToUnixMillis(now) / 1000;
  return seconds >= now_seconds - kTimestampTolerance.count() &&
         seconds <= now_seconds + kTimestampTolerance.count();
}

}  // namespace achilles::bot
