// The webhook HTTP server: Boost.Beast, asynchronous, a thread per core, HTTP/1.1 keep-alive.
//
// Hardening: request bodies over `body_limit` get 413; header and body reads each have a
// timeout; at most `max_connections` are open (more are closed on accept); Stop() drains: it
// stops accepting, lets requests in progress finish, and closes idle connections.
//
// The I/O threads only do I/O: each request's handler runs on a pool of worker threads, and the
// response is written back on the I/O threads. Requests for `quick_paths` (health, metrics) run
// on a lane of their own, so a backlog of slow requests (writes waiting for the database) never
// delays them.
//
// Thread-safety: Listen/Start/Stop/Wait from one controlling thread. The handler is called on
// the worker threads, concurrently for different connections.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bot/http/http_types.h"
#include "dialogs/error.h"

namespace achilles::bot {

struct ServerOptions {
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::chrono::milliseconds header_timeout{15000};  // also the keep-alive idle limit
  std::chrono::milliseconds body_timeout{15000};
  std::size_t max_connections = 1024;
  unsigned threads = 0;   // I/O threads; 0: one per core
  unsigned workers = 32;  // threads that run handlers (they mostly wait for the database)
  // Paths answered on their own lane (one thread), ahead of any backlog of other requests.
  std::vector<std::string> quick_paths = {"/healthz", "/metrics"};
  std::chrono::milliseconds drain_deadline{10000};
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, HttpHandler handler);
  ~HttpServer();  // stops and joins
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Returns the bound port (useful with port 0). Fails with kUnavailable when
  // the address cannot be bound.
  Result<std::uint16_t> Listen(const std::string& host, std::uint16_t port);

  // Starts the server threads; returns at once.
  void Start();

  // Calls Stop() on SIGINT or SIGTERM. Call before Start().
  void StopOnSignals();

  // Begins a drain (see above). Returns at once; Wait() returns when it is done.
  void Stop();

  // Blocks until the server has stopped and its threads have ended.
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace achilles::bot
