// The service's HTTP endpoints (the contract in ARCHITECTURE.md):
//   POST <each enabled platform's endpoint>, answered by it (bot/platform/platform.h):
//        /telegram/webhook, /discord/interactions, /plugin/v1/events
//   GET  /healthz           200 with JSON when the database answers, else 503
//   GET  /metrics           Prometheus text
// Unknown paths (and the endpoints of platforms that are off) get 404, known paths with the
// wrong method 405. (413 for oversized bodies comes from the server before a route sees the
// request.)
//
// Thread-safe: called concurrently by the server's threads.
#pragma once

#include <string>
#include <vector>

#include "bot/http/http_types.h"
#include "bot/inbound/inbound_handler.h"
#include "bot/platform/platform.h"
#include "bot/runtime/metrics.h"
#include "storage/database.h"

namespace achilles::bot {

class Routes {
 public:
  // All references and endpoints must outlive the Routes.
  Routes(storage::Database& database, InboundHandler& inbound, Metrics& metrics,
         std::vector<const Endpoint*> endpoints);

  HttpResponse operator()(const HttpRequest& request) const;

 private:
  // The endpoint `path` belongs to, if any.
  const Endpoint* EndpointAt(std::string_view path) const;
  // The fixed name of the route `path` belongs to ("other" for any unknown path).
  std::string RouteName(std::string_view path) const;
  HttpResponse Route(const HttpRequest& request, const std::string& route) const;
  HttpResponse Health() const;
  HttpResponse MetricsText() const;
  // After `envelope` (received as `request` on `route`) failed with `error`: true when it was
  // quarantined (a retry cannot help; logged and counted), false when the platform should retry.
  bool Quarantined(const Envelope& envelope, const std::string& route, const HttpRequest& request,
                   const Error& error) const;

  storage::Database& database_;
  InboundHandler& inbound_;
  Metrics& metrics_;
  std::vector<const Endpoint*> endpoints_;
};

}  // namespace achilles::bot
