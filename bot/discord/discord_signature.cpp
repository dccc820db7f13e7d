#include "bot/discord/discord_signature.h"

#include <openssl/evp.h>

#include <charconv>

namespace achilles::bot {

struct DiscordSignature::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = HexDigit(hex[i]);
    const int low = HexDigit(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

Result<DiscordSignature> DiscordSignature::Create(std::string_view public_key_hex) {
  const auto raw = FromHex(public_key_hex);
  if (!raw || raw->size() != 32) {
    return Fail(Error::InvalidInput(
        "DISCORD_PUBLIC_KEY: must be the 64 hex digits of the application's public key"));
  }
  auto key = std::make_shared<Key>();
  key->pkey = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw->data()), raw->size());
  if (key->pkey == nullptr) {
    return Fail(Error::InvalidInput("DISCORD_PUBLIC_KEY: not a usable Ed25519 public key"));
  }
  return DiscordSignature(std::move(key));
}

bool DiscordSignature::Verify(std::string_view timestamp, std::string_view body,
                              std::string_view signature_hex) const {
  const auto signature = FromHex(signature_hex);
  if (!signature || signature->size() != 64 || timestamp.empty()) return false;
  std::string signed_bytes;
  signed_bytes.reserve(timestamp.size() + body.size());
  signed_bytes.append(timestamp).append(body);

  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (context == nullptr) return false;
  // Ed25519 hashes internally: no digest is named, and the whole message goes in one call.
  const bool valid =
      EVP_DigestVerifyInit(context, nullptr, nullptr, nullptr, key_->pkey) == 1 &&
      EVP_DigestVerify(
          context, reinterpret_cast<const unsigned char*>(signature->data()), signature->size(),
          reinterpret_cast<const unsigned char*>(signed_bytes.data()), signed_bytes.size()) == 1;
  EVP_MD_CTX_free(context);
  return valid;
}

}  // namespace achilles::bot
