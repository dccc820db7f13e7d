// A strict multipart/form-data reader for the fake platform APIs: it checks the boundary from
// the Content-Type, every part's Content-Disposition, and the closing delimiter, so a request
// the real API would refuse fails the test that sent it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace achilles::testing {

struct FormFile {
  std::string field;
  std::string filename;
  std::string media_type;
  std::string bytes;
};

struct Form {
  std::map<std::string, std::string> fields;
  std::vector<FormFile> files;
};

// The form in `body`, or nullopt when `content_type` is not multipart/form-data with a boundary
// or the body does not follow it.
std::optional<Form> ParseMultipart(const std::string& content_type, const std::string& body);

// Whether `bytes` start with the PNG signature.
bool IsPng(const std::string& bytes);

}  // namespace achilles::testing
