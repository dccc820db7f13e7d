// The coaching content: every text the bot sends, loaded at start-up from JSON files in
// dialogs/content/ so a clinician can review and change wording without a rebuild.
//
// Loaded once, then read-only: safe to share between threads.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "dialogs/error.h"
#include "dialogs/knowledge.h"
#include "dialogs/programme.h"
#include "dialogs/questionnaire.h"
#include "dialogs/questions.h"
#include "dialogs/red_flags.h"

namespace achilles::dialogs {

class Texts {
 public:
  Texts() = default;
  explicit Texts(std::map<std::string, std::string, std::less<>> texts);

  // The text stored under `key`. Every key the code uses is checked at load time, so a missing
  // key here is a programming error; it returns an empty string rather than throwing.
  const std::string& Get(std::string_view key) const;

 private:
  std::map<std::string, std::string, std::less<>> texts_;
};

struct Content {
  Texts texts;
  std::vector<RedFlagPhrases> red_flags;      // red_flags.json
  std::vector<std::string> shoe_switch;       // red_flags.json "shoe_switch" (R24)
  std::vector<std::string> flare_up;          // red_flags.json "flare_up": "it's flaring" in words
  Programme programme;                        // programme.json
  Questions questions;                        // questions.json
  std::vector<Questionnaire> questionnaires;  // questionnaires/*.json, in file name order
  Knowledge knowledge;                        // knowledge.json: questions in chat

  const Questionnaire* FindQuestionnaire(std::string_view id) const;
};

// Reads texts.json, red_flags.json, programme.json, questions.json, knowledge.json and
// questionnaires/*.json
// from `dir`. Fails with kUnavailable when a file cannot be read, and with kInvalidInput (naming
// the file and the problem) when one is not valid or lacks a required entry.
Result<Content> LoadContent(const std::filesystem::path& dir);

// The content files, one by one.
enum class ContentFile { kTexts, kRedFlags, kProgramme, kQuestions, kQuestionnaire, kKnowledge };

// Reads one file's text on its own, exactly as LoadContent reads it (the figures aside): what is
// wrong with it, or nothing. For a reviewer checking an edited file, and the content fuzz target.
Result<void> CheckContentFile(ContentFile file, std::string_view text);

// The dialogs/content directory of the source tree this binary was built from. bot/config lets
// ACHILLES_CONTENT_DIR override it for installed deployments.
std::filesystem::path BuiltInContentDir();

}  // namespace achilles::dialogs
