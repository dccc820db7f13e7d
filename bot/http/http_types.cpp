#include "bot/http/http_types.h"

#include "dialogs/text.h"

namespace achilles::bot {

std::string HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(dialogs::Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string_view HttpRequest::Path() const {
  std::string_view path = target;
  return path.substr(0, path.find('?'));
}

HttpResponse HttpResponse::Text(unsigned status, std::string body) {
  return HttpResponse{status, "text/plain; charset=utf-8", std::move(body), {}};
}

HttpResponse HttpResponse::Json(unsigned status, std::string body) {
  return HttpResponse{status, "application/json", std::move(body), {}};
}

}  // namespace achilles::bot
