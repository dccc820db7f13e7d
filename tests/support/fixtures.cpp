#include "tests/support/fixtures.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

namespace achilles::testing {

std::string ReadFixture(const std::string& relative) {
  const std::filesystem::path path = std::filesystem::path(ACHILLES_TEST_FIXTURES) / relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "missing fixture " << path << "\n";
    std::abort();
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const dialogs::Content& ShippedContent() {
  static const dialogs::Content content = [] {
    auto loaded = dialogs::LoadContent(dialogs::BuiltInContentDir());
    if (!loaded) {
      std::cerr << "shipped content does not load: " << loaded.error().message << "\n";
      std::abort();
    }
    return *loaded;
  }();
  return content;
}

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("achilles-test-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace achilles::testing
