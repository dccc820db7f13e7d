// Discord signs every interaction it POSTs: Ed25519 over the X-Signature-Timestamp header
// followed by the raw body, with the application's key (DISCORD_PUBLIC_KEY, hex). Discord also
// sends deliberately bad signatures; they must all fail.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "dialogs/error.h"
#include "dialogs/time.h"

namespace achilles::bot {

class DiscordSignature {
 public:
  // Fails with kInvalidInput unless `public_key_hex` is 64 hex digits (a 32-byte Ed25519 key).
  static Result<DiscordSignature> Create(std::string_view public_key_hex);

  // True when `signature_hex` (128 hex digits) signs `timestamp` + `body`. Never throws.
  bool Verify(std::string_view timestamp, std::string_view body,
              std::string_view signature_hex) const;

 private:
  struct Key;
  explicit DiscordSignature(std::shared_ptr<const Key> key) : key_(std::move(key)) {}
  std::shared_ptr<const Key> key_;  // immutable; shared by copies
};

// Bytes from hex; nullopt for odd length or a non-hex digit.
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace achilles::bot
