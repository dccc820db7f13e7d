// Hostile request bodies for the webhooks, built from a valid one: deep nesting, huge numbers,
// wrong types, NUL bytes, lone surrogates, invalid UTF-8, 64 KiB of emoji. Each must get a 4xx
// or an ignoring 200, never a 5xx, and leave the service healthy.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace achilles::testing {

// (what it is, the body) pairs. `valid` is a JSON object the service accepts; `text_path` names
// the string field a runner's words travel in ("message.text", "data.options.0.value").
std::vector<std::pair<std::string, std::string>> HostilePayloads(const std::string& valid,
                                                                 const std::string& text_path);

}  // namespace achilles::testing
