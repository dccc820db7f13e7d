// The plug-in channel's signature (ARCHITECTURE.md, "The plug-in channel"), the same both ways:
// X-Achilles-Timestamp is Unix seconds and X-Achilles-Signature is
// "v1=" + hex(HMAC-SHA256(ACHILLES_PLUGIN_SECRET, timestamp + "." + raw body)).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "dialogs/time.h"

namespace achilles::bot {

inline constexpr char kPluginTimestampHeader[] = "X-Achilles-Timestamp";
inline constexpr char kPluginSignatureHeader[] = "X-Achilles-Signature";
// A shorter secret is refused at start-up: it could be guessed.
inline constexpr std::size_t kPluginSecretMinLength = 32;

// "v1=" and the 64 lower-case hex digits of HMAC-SHA256(secret, timestamp + "." + body).
std::string PluginSignature(std::string_view secret, std::string_view timestamp,
                            std::string_view body);

// True when `signature` is PluginSignature(secret, timestamp, body) (hex in either case,
// compared in constant time) and `timestamp` is within five minutes of `now`. Never throws.
bool PluginRequestAuthentic(std::string_view secret, std::string_view timestamp,
                            std::string_view body, std::string_view signature, TimePoint now);

}  // namespace achilles::bot
