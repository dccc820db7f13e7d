#include "bot/http/routes.h"

#include <nlohmann/json.hpp>

#include "bot/runtime/log.h"
#include "storage/outbox.h"

namespace achilles::bot {
namespace {

HttpResponse MethodNotAllowed() { return HttpResponse::Text(405, "method not allowed\n"); }

}  // namespace

Routes::Routes(storage::Database& database, InboundHandler& inbound, Metrics& metrics,
               std::vector<const Endpoint*> endpoints)
    : database_(database), inbound_(inbound), metrics_(metrics), endpoints_(std::move(endpoints)) {}

const Endpoint* Routes::EndpointAt(std::string_view path) const {
  for (const Endpoint* endpoint : endpoints_) {
    if (endpoint->path() == path) return endpoint;
  }
  return nullptr;
}

std::string Routes::RouteName(std::string_view path) const {
  if (path == "/healthz") return "healthz";
  if (path == "/metrics") return "metrics";
  if (const Endpoint* endpoint = EndpointAt(path)) return std::string(endpoint->route());
  return "other";
}

HttpResponse Routes::operator()(const HttpRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  const std::string route = RouteName(request.Path());
  metrics_.RequestStarted(route);
  HttpResponse response;
  try {
    response = Route(request, route);
  } catch (const std::exception& e) {
    // The one last-resort catch per request.
    LogError("route " + route + " failed: " + e.what());
    response = HttpResponse::Text(500, "internal error\n");
  }
  metrics_.CountRequest(route, response.status, std::chrono::steady_clock::now() - start);
  return response;
}

HttpResponse Routes::Route(const HttpRequest& request, const std::string& route) const {
  auto only = [&](const char* method, auto answer) {
    return request.method == method ? answer() : MethodNotAllowed();
  };
  if (route == "healthz") return only("GET", [&] { return Health(); });
  if (route == "metrics") return only("GET", [&] { return MetricsText(); });
  const Endpoint* endpoint = EndpointAt(request.Path());
  if (endpoint == nullptr) return HttpResponse::Text(404, "not found\n");
  return only("POST", [&] {
    const Intake intake{inbound_, [&](const Envelope& envelope, const Error& error) {
                          return Quarantined(envelope, route, request, error);
                        }};
    return endpoint->Receive(request, intake);
  });
}

HttpResponse Routes::Health() const {
  auto ping = database_.Ping(std::chrono::milliseconds(2000));
  if (!ping) {
    return HttpResponse::Json(
        503, nlohmann::json{{"status", "unavailable"}, {"database", ping.error().message}}.dump());
  }
  return HttpResponse::Json(200, nlohmann::json{{"status", "ok"}, {"database", "ok"}}.dump());
}

HttpResponse Routes::MetricsText() const {
  DatabaseFigures figures;
  auto counted =
      database_.Read<std::int64_t>([](storage::Session& session) -> Result<std::int64_t> {
        return storage::PendingCount(session);
      });
  if (counted) figures.outbox_pending = *counted;
  const storage::WriteCounts writes = database_.Writes();
  figures.transactions = writes.transactions;
  figures.commits = writes.commits;
  figures.writes_waiting = writes.waiting;
  return HttpResponse{
      200, "text/plain; version=0.0.4; charset=utf-8", metrics_.Render(figures), {}};
}

bool Routes::Quarantined(const Envelope& envelope, const std::string& route,
                         const HttpRequest& request, const Error& error) const {
  const std::string what = route + " delivery " + envelope.delivery_id;
  if (error.Retryable()) {
    LogError(what + " not stored, the platform retries: " + error.message);
    return false;
  }
  if (auto kept = inbound_.Quarantine(envelope, route, request.body, error); !kept) {
    LogError(what + " failed (" + error.message +
             ") and could not be quarantined: " + kept.error().message);
    return false;
  }
  LogError(what + " quarantined: " + error.message);
  metrics_.CountQuarantined(route);
  return true;
}

}  // namespace achilles::bot
