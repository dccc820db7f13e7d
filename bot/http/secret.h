// Comparing shared secrets without leaking, through timing, how much of a guess was right.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace achilles::bot {

// True when `given` equals `expected`. Takes the same time whatever the contents, and whatever
// the length of `given`: both are hashed (SHA-256) and the digests compared with CRYPTO_memcmp.
// An empty `expected` never matches.
bool SecretMatches(std::string_view given, std::string_view expected);

// `text` (an error message, a URL) with every occurrence of each non-empty secret (a bot token,
// an interaction token) replaced by "<token>".
std::string Redacted(std::string text, std::initializer_list<std::string_view> secrets);

}  // namespace achilles::bot
