#include "dialogs/content.h"

#include <gtest/gtest.h>

#include <fstream>

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

}  // namespace
}  // namespace achilles::dialogs
