// Plain HTTP request and response values, so routes are functions of a request that tests can
// call without a socket.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace achilles::bot {

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // path and query, as sent
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  // The header's value, or "" when absent. `name` is matched case-insensitively.
  std::string Header(std::string_view name) const;
  // The target without its query string.
  std::string_view Path() const;
};

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::map<std::string, std::string> headers;  // beyond Content-Type

  static HttpResponse Text(unsigned status, std::string body);
  static HttpResponse Json(unsigned status, std::string body);
};

// Must not throw for any request; the server answers 500 if it does.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace achilles::bot
