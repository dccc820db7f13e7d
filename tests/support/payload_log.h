// The payloads the real server sends in the integration tests, kept for a type check against
// the platforms' published types (deploy/check-payloads.sh). With ACHILLES_PAYLOAD_LOG naming a
// file, every call the fake Bot API and the fake Discord API accept, and every interaction
// response the server gives, is appended to it as one JSON line:
//
//   {"platform": "telegram", "endpoint": "sendPhoto", "body": {...}, "files": ["photo"]}
//   {"platform": "discord", "endpoint": "PATCH /webhooks/.../messages/@original", "body": ...}
//
// Without the variable it does nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "tests/support/multipart.h"

namespace achilles::testing {

void LogPayload(std::string_view platform, std::string_view endpoint, const nlohmann::json& body,
                const std::vector<FormFile>& files = {});

}  // namespace achilles::testing
