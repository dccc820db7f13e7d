#include "bot/outbox/multipart.h"

#include <functional>

namespace achilles::bot {
namespace {

// A header value in quotes: quotes and line breaks would end it early, so they are dropped.
std::string Quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c != '"' && c != '\r' && c != '\n' && c != '\\') out += c;
  }
  return out + "\"";
}

}  // namespace

MultipartBody EncodeMultipart(const std::vector<std::pair<std::string, std::string>>& fields,
                              const std::vector<storage::Upload>& files) {
  // A boundary from the parts' own hash, changed until no part contains it.
  std::size_t seed = 0;
  for (const auto& [name, text] : fields) seed ^= std::hash<std::string>{}(name + text);
  for (const auto& file : files) seed ^= std::hash<std::string>{}(file.content);
  std::string boundary;
  for (std::size_t attempt = 0;; ++attempt) {
    boundary = "achilles-" + std::to_string(seed + attempt);
    bool clash = false;
    for (const auto& [name, text] : fields) clash = clash || text.find(boundary) != text.npos;
    for (const auto& file : files)
      clash = clash || file.content.find(boundary) != file.content.npos;
    if (!clash) break;
  }
  MultipartBody out;
  out.content_type = "multipart/form-data; boundary=" + boundary;
  for (const auto& [name, text] : fields) {
    out.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + Quoted(name) +
                "\r\n\r\n" + text + "\r\n";
  }
  for (const auto& file : files) {
    out.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + Quoted(file.field) +
                "; filename=" + Quoted(file.filename) + "\r\nContent-Type: " + file.media_type +
                "\r\n\r\n";
    out.body += file.content;
    out.body += "\r\n";
  }
  out.body += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace achilles::bot
