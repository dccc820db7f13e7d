// Test helpers: fixture files, temporary directories, loaded content.
#pragma once

#include <filesystem>
#include <string>

#include "dialogs/content.h"

namespace achilles::testing {

// The bytes of tests/fixtures/<relative>. Aborts the test run if the file is missing.
std::string ReadFixture(const std::string& relative);

// The shipped dialogs/content, loaded once.
const dialogs::Content& ShippedContent();

// A fresh directory under the system temp dir, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace achilles::testing
