#include "dialogs/content.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::TempDir;

void Write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(Content, ShippedTextsLoad) {
  auto content = LoadContent(BuiltInContentDir());
  ASSERT_TRUE(content) << content.error().message;
  EXPECT_FALSE(content->texts.Get("welcome").empty());
  EXPECT_TRUE(content->texts.Get("no such key").empty());
}

TEST(Content, MissingDirectoryIsUnavailable) {
  TempDir dir;
  auto content = LoadContent(dir.path() / "nowhere");
  ASSERT_FALSE(content);
  EXPECT_EQ(content.error().code, Error::Code::kUnavailable);
}

TEST(Content, BrokenJsonNamesTheFile) {
  TempDir dir;
  Write(dir.path() / "texts.json", "{ not json");
  auto content = LoadContent(dir.path());
  ASSERT_FALSE(content);
  EXPECT_EQ(content.error().code, Error::Code::kInvalidInput);
  EXPECT_NE(content.error().message.find("texts.json"), std::string::npos);
}

TEST(Content, AMissingRequiredTextIsNamed) {
  TempDir dir;
  Write(dir.path() / "texts.json", R"({"welcome": "hi"})");
  auto content = LoadContent(dir.path());
  ASSERT_FALSE(content);
  EXPECT_NE(content.error().message.find("lacks the text"), std::string::npos);
}

TEST(Content, NonStringTextIsRejected) {
  TempDir dir;
  Write(dir.path() / "texts.json", R"({"welcome": 3})");
  auto content = LoadContent(dir.path());
  ASSERT_FALSE(content);
  EXPECT_NE(content.error().message.find("\"welcome\" must be a string"), std::string::npos);
}

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(Content, EachShippedFileChecksOnItsOwn) {
  const auto dir = BuiltInContentDir();
  for (const auto& [file, name] : std::vector<std::pair<ContentFile, std::string>>{
           {ContentFile::kTexts, "texts.json"},
           {ContentFile::kRedFlags, "red_flags.json"},
           {ContentFile::kProgramme, "programme.json"},
           {ContentFile::kQuestions, "questions.json"},
           {ContentFile::kQuestionnaire, "questionnaires/weekly_check.json"},
           {ContentFile::kKnowledge, "knowledge.json"}}) {
    auto checked = CheckContentFile(file, Read(dir / name));
    EXPECT_TRUE(checked) << name << ": " << checked.error().message;
  }
}

TEST(Content, AFileCheckedOnItsOwnSaysWhatIsWrong) {
  auto wrong_type = CheckContentFile(ContentFile::kKnowledge, R"({"entries": [{"id": 3}]})");
  ASSERT_FALSE(wrong_type);
  EXPECT_EQ(wrong_type.error().code, Error::Code::kInvalidInput);
  EXPECT_NE(wrong_type.error().message.find("knowledge.json"), std::string::npos);

  auto not_phrases = CheckContentFile(ContentFile::kRedFlags, R"({"rupture": [7]})");
  ASSERT_FALSE(not_phrases);
  EXPECT_NE(not_phrases.error().message.find("red_flags.json"), std::string::npos);

  EXPECT_FALSE(CheckContentFile(ContentFile::kProgramme, "[1, 2]"));
  EXPECT_FALSE(CheckContentFile(ContentFile::kQuestions, R"({"onboarding": "x"})"));
}

// Found by the content fuzzer: a number too big for an int, or not whole, is an error naming
// the file (converting it was undefined behaviour), in every int field of every file (the
// outcome rule's were found on a second run).
TEST(Content, ANumberThatIsNoIntIsAnErrorNotAConversion) {
  const auto dir = BuiltInContentDir();
  const std::string weekly = Read(dir / "questionnaires/weekly_check.json");
  for (const std::string bad : {"2.46667e+46", "-1e30", "2.5"}) {
    auto questionnaire = nlohmann::json::parse(weekly);
    questionnaire["items"][0]["max"] = nlohmann::json::parse(bad);
    auto checked = CheckContentFile(ContentFile::kQuestionnaire, questionnaire.dump());
    ASSERT_FALSE(checked) << bad;
    EXPECT_NE(checked.error().message.find("questionnaire.json"), std::string::npos);
  }
  for (const std::string field : {"min_gain", "after_weeks", "max_drop"}) {
    auto questionnaire = nlohmann::json::parse(weekly);
    questionnaire["outcome"][field] = 8.9e65;
    EXPECT_FALSE(CheckContentFile(ContentFile::kQuestionnaire, questionnaire.dump())) << field;
  }
  auto programme = nlohmann::json::parse(Read(dir / "programme.json"));
  programme["thresholds"]["pain_safe"] = 1e46;
  EXPECT_FALSE(CheckContentFile(ContentFile::kProgramme, programme.dump()));
  programme = nlohmann::json::parse(Read(dir / "programme.json"));
  for (auto& phase : programme["phases"]) {
    if (phase["id"] == "heavy_slow") phase["weeks"][0]["sets"] = 3e12;
  }
  EXPECT_FALSE(CheckContentFile(ContentFile::kProgramme, programme.dump()));
}

// Found by the content fuzzer: a phrase of a hundred "~" gaps took longer than the fuzzer's
// 10 s to compile and try; more than three is an error naming the phrase.
TEST(Content, APhraseWithMoreThanThreeGapsIsRefused) {
  auto flags = nlohmann::json::parse(Read(BuiltInContentDir() / "red_flags.json"));
  flags["infection"].push_back("hot ~ ~ ~ red");
  EXPECT_TRUE(CheckContentFile(ContentFile::kRedFlags, flags.dump())) << "three are fine";
  flags["infection"].push_back(std::string(100, '~') + "redness");
  auto checked = CheckContentFile(ContentFile::kRedFlags, flags.dump());
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().message.find("more than 3 ~ gaps"), std::string::npos)
      << checked.error().message;
  flags = nlohmann::json::parse(Read(BuiltInContentDir() / "red_flags.json"));
  flags["flare_up"].push_back("a ~ b ~ c ~ d ~ e");
  EXPECT_FALSE(CheckContentFile(ContentFile::kRedFlags, flags.dump()));
}

}  // namespace
}  // namespace achilles::dialogs
