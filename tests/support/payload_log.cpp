#include "tests/support/payload_log.h"

#include <cstdlib>
#include <fstream>
#include <mutex>

namespace achilles::testing {

void LogPayload(std::string_view platform, std::string_view endpoint, const nlohmann::json& body,
                const std::vector<FormFile>& files) {
  static const char* const path = std::getenv("ACHILLES_PAYLOAD_LOG");
  if (path == nullptr || *path == '\0' || body.is_discarded()) return;
  nlohmann::json line = {{"platform", platform}, {"endpoint", endpoint}, {"body", body}};
  for (const auto& file : files) line["files"].push_back(file.field);
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::ofstream(path, std::ios::app) << line.dump() << '\n';
}

}  // namespace achilles::testing
