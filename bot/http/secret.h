// Comparing shared secrets without leaking, through timing, how much of a guess was right.
#pragma once

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>

#include "dialogs/time.h"

namespace achilles::bot {

// True when `given` equals `expected`. Takes the same time whatever the contents, and whatever
// the length of `given`: both are hashed (SHA-256) and the digests compared with CRYPTO_memcmp.
// An empty `expected` never matches.
bool SecretMatches(std::string_view given, std::string_view expected);

// `text` (an error message, a URL) with every occurrence of each non-empty secret (a bot token,
// an interaction token) replaced by "<token>".
std::string Redacted(std::string text, std::initializer_list<std::string_view> secrets);

// `bytes` as lower-case hex, two digits a byte (signatures, random ids).
std::string ToHex(std::string_view bytes);

// How far the timestamp of a signed request (Discord's, the plug-in channel's) may be from now:
// older ones are replays.
inline constexpr std::chrono::seconds kTimestampTolerance{300};

// True when `unix_seconds` (decimal digits, as the signed request's header carries them) is
// within kTimestampTolerance of `now`.
bool TimestampFresh(std::string_view unix_seconds, TimePoint now);

}  // namespace achilles::bot
