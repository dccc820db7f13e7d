#include "dialogs/content.h"

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace achilles::dialogs {
namespace {

// Every key the coaching code reads. Checked at load so a typo in a content file fails at
// start-up, not in front of a runner.
constexpr std::array kRequiredTexts = {
    "welcome",        "disclaimer",   "consent_button", "consent_thanks",  "consent_again",
    "consent_needed", "welcome_back", "help",           "unknown_command", "text_not_understood",
    "text_only",      "group_start",  "stale_button",
};

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::Unavailable("cannot read content file " + path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

Texts::Texts(std::map<std::string, std::string, std::less<>> texts) : texts_(std::move(texts)) {}

const std::string& Texts::Get(std::string_view key) const {
  static const std::string kEmpty;
  auto it = texts_.find(key);
  return it == texts_.end() ? kEmpty : it->second;
}

Result<Content> LoadContent(const std::filesystem::path& dir) {
  const auto path = dir / "texts.json";
  auto raw = ReadFile(path);
  if (!raw) return Fail(raw.error());

  auto json = nlohmann::json::parse(*raw, nullptr, /*allow_exceptions=*/false,
                                    /*ignore_comments=*/true);
  if (json.is_discarded() || !json.is_object()) {
    return Fail(Error::InvalidInput(path.string() + " is not a JSON object"));
  }
  std::map<std::string, std::string, std::less<>> texts;
  for (const auto& [key, value] : json.items()) {
    if (!value.is_string()) {
      return Fail(Error::InvalidInput(path.string() + ": \"" + key + "\" must be a string"));
    }
    texts.emplace(key, value.get<std::string>());
  }
  for (const char* key : kRequiredTexts) {
    if (!texts.contains(key)) {
      return Fail(Error::InvalidInput(path.string() + " lacks the text \"" + key + "\""));
    }
  }
  return Content{Texts(std::move(texts))};
}

std::filesystem::path BuiltInContentDir() { return ACHILLES_BUILT_IN_CONTENT_DIR; }

}  // namespace achilles::dialogs
