#include "tests/support/multipart.h"

namespace achilles::testing {
namespace {

// The value of `key="..."` in a header line, if there.
std::optional<std::string> Parameter(const std::string& header, const std::string& key) {
  const std::string marker = key + "=\"";
  std::size_t at = header.find("; " + marker);
  if (at == std::string::npos) return std::nullopt;
  at += 2 + marker.size();
  const auto end = header.find('"', at);
  if (end == std::string::npos) return std::nullopt;
  return header.substr(at, end - at);
}

}  // namespace

std::optional<Form> ParseMultipart(const std::string& content_type, const std::string& body) {
  const std::string prefix = "multipart/form-data; boundary=";
  if (content_type.rfind(prefix, 0) != 0 || content_type.size() == prefix.size()) {
    return std::nullopt;
  }
  const std::string delimiter = "--" + content_type.substr(prefix.size());
  if (body.rfind(delimiter + "\r\n", 0) != 0) return std::nullopt;
  Form form;
  std::size_t at = delimiter.size() + 2;
  while (true) {
    const auto headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string::npos) return std::nullopt;
    const std::string headers = body.substr(at, headers_end - at);
    const auto next = body.find("\r\n" + delimiter, headers_end + 4);
    if (next == std::string::npos) return std::nullopt;
    std::string content = body.substr(headers_end + 4, next - headers_end - 4);

    std::string disposition;
    std::string type;
    std::size_t line_start = 0;
    while (line_start <= headers.size()) {
      auto line_end = headers.find("\r\n", line_start);
      if (line_end == std::string::npos) line_end = headers.size();
      const std::string line = headers.substr(line_start, line_end - line_start);
      if (line.rfind("Content-Disposition: form-data", 0) == 0) disposition = line;
      if (line.rfind("Content-Type: ", 0) == 0) type = line.substr(14);
      line_start = line_end + 2;
    }
    const auto name = Parameter(disposition, "name");
    if (!name || name->empty()) return std::nullopt;
    if (auto filename = Parameter(disposition, "filename")) {
      if (type.empty()) return std::nullopt;
      form.files.push_back({*name, *filename, type, std::move(content)});
    } else {
      form.fields[*name] = std::move(content);
    }
    at = next + 2 + delimiter.size();
    if (body.compare(at, 4, "--\r\n") == 0 && at + 4 == body.size()) return form;
    if (body.compare(at, 2, "\r\n") != 0) return std::nullopt;
    at += 2;
  }
}

bool IsPng(const std::string& bytes) { return bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0; }

}  // namespace achilles::testing
