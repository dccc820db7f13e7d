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

Result<nlohmann::json> ReadJsonObject(const std::filesystem::path& path) {
  auto raw = ReadFile(path);
  if (!raw) return Fail(raw.error());
  auto json = nlohmann::json::parse(*raw, nullptr, /*allow_exceptions=*/false,
                                    /*ignore_comments=*/true);
  if (json.is_discarded() || !json.is_object()) {
    return Fail(Error::InvalidInput(path.string() + " is not a JSON object"));
  }
  return json;
}

Result<std::vector<RedFlagPhrases>> LoadRedFlags(const std::filesystem::path& path) {
  auto json = ReadJsonObject(path);
  if (!json) return Fail(json.error());
  static const std::array<std::pair<const char*, RedFlag>, 6> kKeys = {{
      {"suspected_rupture", RedFlag::kSuspectedRupture},
      {"fluoroquinolone", RedFlag::kFluoroquinolone},
      {"infection", RedFlag::kInfection},
      {"not_tendinopathy", RedFlag::kNotTendinopathy},
      {"systemic", RedFlag::kSystemic},
      {"steroid_injection", RedFlag::kSteroidInjection},
  }};
  std::vector<RedFlagPhrases> flags;
  for (const auto& [key, flag] : kKeys) {
    auto it = json->find(key);
    if (it == json->end() || !it->is_array() || it->empty()) {
      return Fail(
          Error::InvalidInput(path.string() + " lacks a list of phrases for \"" + key + "\""));
    }
    RedFlagPhrases entry{flag, {}};
    for (const auto& phrase : *it) {
      if (!phrase.is_string() || phrase.get<std::string>().empty()) {
        return Fail(
            Error::InvalidInput(path.string() + ": \"" + key + "\" must list non-empty strings"));
      }
      entry.phrases.push_back(phrase.get<std::string>());
    }
    flags.push_back(std::move(entry));
  }
  return flags;
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
  auto json = ReadJsonObject(path);
  if (!json) return Fail(json.error());
  std::map<std::string, std::string, std::less<>> texts;
  for (const auto& [key, value] : json->items()) {
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
  auto red_flags = LoadRedFlags(dir / "red_flags.json");
  if (!red_flags) return Fail(red_flags.error());
  return Content{Texts(std::move(texts)), std::move(*red_flags)};
}

std::filesystem::path BuiltInContentDir() { return ACHILLES_BUILT_IN_CONTENT_DIR; }

}  // namespace achilles::dialogs
