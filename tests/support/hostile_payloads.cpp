#include "tests/support/hostile_payloads.h"

#include <nlohmann/json.hpp>

namespace achilles::testing {
namespace {

using nlohmann::json;

// The JSON pointer of a dotted path ("message.text" -> /message/text).
json::json_pointer Pointer(const std::string& path) {
  std::string pointer = "/";
  for (char c : path) pointer.push_back(c == '.' ? '/' : c);
  return json::json_pointer(pointer);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> HostilePayloads(const std::string& valid,
                                                                 const std::string& text_path) {
  const json base = json::parse(valid);
  const auto at = Pointer(text_path);
  std::vector<std::pair<std::string, std::string>> bodies;
  auto with_text = [&](const std::string& name, const json& value) {
    json body = base;
    body[at] = value;
    bodies.emplace_back(name, body.dump());
  };
  auto with_raw_text = [&](const std::string& name, const std::string& raw) {
    // The body as text with the field's value spliced in unescaped (invalid JSON on purpose).
    json body = base;
    body[at] = "@@HOSTILE@@";
    const std::string text = body.dump();
    const auto mark = text.find("@@HOSTILE@@");
    bodies.emplace_back(name, text.substr(0, mark) + raw + text.substr(mark + 11));
  };

  bodies.emplace_back("empty body", "");
  bodies.emplace_back("null", "null");
  bodies.emplace_back("an array", "[]");
  bodies.emplace_back("an empty object", "{}");
  bodies.emplace_back("not JSON", "update me please");
  bodies.emplace_back("60,000 nested arrays", std::string(60000, '[') + std::string(60000, ']'));
  bodies.emplace_back("60,000 nested objects", [] {
    std::string deep;
    for (int i = 0; i < 60000; ++i) deep += "{\"a\":";
    deep += "1";
    deep += std::string(60000, '}');
    return deep;
  }());
  bodies.emplace_back("a truncated body", valid.substr(0, valid.size() / 2));
  for (const auto& [key, value] : base.items()) {
    json huge = base;
    huge[key] = json::parse("100000000000000000000000000");  // 10^26
    bodies.emplace_back(key + " = 10^26", huge.dump());
    json wrong = base;
    wrong[key] = json::array({1, "two", nullptr});
    bodies.emplace_back(key + " = an array", wrong.dump());
    json none = base;
    none[key] = nullptr;
    bodies.emplace_back(key + " = null", none.dump());
  }
  bodies.emplace_back("a 400-digit number", [&] {
    json body = base;
    body[at] = "@@N@@";
    const std::string text = body.dump();
    const auto mark = text.find("\"@@N@@\"");
    return text.substr(0, mark) + std::string(400, '9') + text.substr(mark + 7);
  }());
  with_text("the text a number", 42);
  with_text("the text an object", json{{"nested", {{"deeper", "yes"}}}});
  with_text("the text with NUL bytes", std::string("stiffness 3\0\0 pain 2", 21));
  with_raw_text("a raw NUL inside a string", std::string("\"a\0b\"", 5));
  with_raw_text("a lone surrogate", "\"\\ud800 pain 3\"");
  with_raw_text("a reversed surrogate pair", "\"\\udc00\\ud800\"");
  with_raw_text("invalid UTF-8 bytes", "\"stiff \xff\xfe\xc0\xaf 3\"");
  with_raw_text("an overlong encoding", "\"\xe0\x80\xaf\"");
  std::string emoji;
  while (emoji.size() < 64 * 1024) emoji += "\xF0\x9F\x8F\x83";  // U+1F3C3
  with_text("64 KiB of emoji", emoji);
  with_text("a check-in of 64 KiB", "stiffness 3 pain 2 " + std::string(64 * 1024, 'x'));
  // Once held a thread (and the database lock) for seconds: std::regex backtracking.
  with_text("stiff, 8,000 spaces, 3", "stiff" + std::string(8000, ' ') + "3");
  with_text("8,000 zeros", std::string(8000, '0'));
  return bodies;
}

}  // namespace achilles::testing
