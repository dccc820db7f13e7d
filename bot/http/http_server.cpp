#include "bot/http/http_server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bot/http/asio.h"
#include "bot/runtime/log.h"
#include "dialogs/text.h"

namespace achilles::bot {
namespace {

class Session;

// What the listener and every session share. Lives as long as the longest of them.
struct ServerState {
  ServerState(ServerOptions opts, HttpHandler h)
      : options(std::move(opts)), handler(std::move(h)) {}

  ServerOptions options;
  HttpHandler handler;
  asio::io_context ioc;
  // Where handlers run (owned by HttpServer::Impl, which joins them before the state goes).
  asio::thread_pool* workers = nullptr;
  asio::thread_pool* quick = nullptr;
  // Serialises Drain() and the "last connection closed" notice, which share drain_timer.
  asio::strand<asio::io_context::executor_type> control{asio::make_strand(ioc)};
  std::atomic<bool> draining{false};
  std::atomic<std::size_t> connections{0};

  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::optional<asio::steady_timer> drain_timer;  // touched only on `control`
};

// Called as each session ends: the drain is over when the last one goes.
void OnSessionClosed(const std::shared_ptr<ServerState>& state) {
  if (--state->connections == 0 && state->draining) {
    asio::post(state->control, [state] {
      if (state->drain_timer) state->drain_timer->cancel();
    });
  }
}

HttpRequest ToRequest(http::request<http::string_body>&& message) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    request.headers[dialogs::Lower(std::string(field.name_string()))] = std::string(field.value());
  }
  request.body = std::move(message.body());
  return request;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<ServerState> state)
      : stream_(std::move(socket)), state_(std::move(state)) {}

  ~Session() {
    {
      std::lock_guard lock(state_->sessions_mu);
      state_->sessions.erase(this);
    }
    OnSessionClosed(state_);
  }

  void Run() {
    {
      std::lock_guard lock(state_->sessions_mu);
      state_->sessions.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
  }

  // Closes the connection if it is waiting for a request; one in progress finishes first.
  void CloseIfIdle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->Close();
    });
  }

 private:
  void ReadHeader() {
    if (state_->draining) return Close();
    parser_.emplace();
    parser_->body_limit(state_->options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.header_limit));
    stream_.expires_after(state_->options.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    busy_ = true;
    stream_.expires_after(state_->options.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    auto message = parser_->release();
    const unsigned version = message.version();
    const bool keep_alive = message.keep_alive();
    auto request = std::make_shared<HttpRequest>(ToRequest(std::move(message)));
    const auto& quick = state_->options.quick_paths;
    asio::thread_pool& lane = std::find(quick.begin(), quick.end(), request->Path()) != quick.end()
                                  ? *state_->quick
                                  : *state_->workers;
    // The guard keeps the I/O threads running until the response is written back.
    asio::post(lane, [self = shared_from_this(), request, version, keep_alive,
                      guard = asio::make_work_guard(state_->ioc)]() mutable {
      HttpResponse response;
      try {
        response = self->state_->handler(*request);
      } catch (const std::exception& e) {
        LogError(std::string("request handler failed: ") + e.what());
        response = HttpResponse::Text(500, "internal error\n");
      }
      asio::post(self->stream_.get_executor(),
                 [self, version, keep_alive, response = std::move(response)]() mutable {
                   self->Write(version, keep_alive && !self->state_->draining, std::move(response));
                 });
      guard.reset();
    });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == beast::error::timeout || ec == asio::error::connection_reset) {
      return Close();
    }
    busy_ = true;
    if (ec == http::error::body_limit) {
      return Write(11, false, HttpResponse::Text(413, "request body too large\n"));
    }
    if (ec == http::error::header_limit) {
      return Write(11, false, HttpResponse::Text(431, "request headers too large\n"));
    }
    if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
      return Write(11, false, HttpResponse::Text(400, "malformed HTTP request\n"));
    }
    Close();
  }

  void Write(unsigned version, bool keep_alive, HttpResponse response) {
    auto message = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), version);
    message->set(http::field::server, "achilles-coach");
    message->set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) message->set(name, value);
    message->keep_alive(keep_alive);
    message->body() = std::move(response.body);
    message->prepare_payload();
    response_ = message;
    stream_.expires_after(state_->options.body_timeout);
    http::async_write(
        stream_, *message,
        beast::bind_front_handler(&Session::OnWrite, shared_from_this(), message->need_eof()));
  }

  void OnWrite(bool close, beast::error_code ec, std::size_t) {
    busy_ = false;
    response_.reset();
    if (ec || close) return Close();
    ReadHeader();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<ServerState> state_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<void> response_;
  bool busy_ = false;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  explicit Listener(std::shared_ptr<ServerState> state)
      : state_(std::move(state)), acceptor_(asio::make_strand(state_->ioc)) {}

  Result<std::uint16_t> Bind(const std::string& host, std::uint16_t port) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) return Fail(Error::InvalidInput("not an IP address: " + host));
    const tcp::endpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Fail(Error::Unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                                     ": " + ec.message()));
    }
    return acceptor_.local_endpoint().port();
  }

  void Accept() {
    acceptor_.async_accept(asio::make_strand(state_->ioc),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void Close() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      if (state_->connections.load() >= state_->options.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        ++state_->connections;
        std::make_shared<Session>(std::move(socket), state_)->Run();
      }
    }
    Accept();
  }

  std::shared_ptr<ServerState> state_;
  tcp::acceptor acceptor_;
};

}  // namespace

struct HttpServer::Impl {
  explicit Impl(unsigned worker_count) : workers(worker_count), quick(1) {}

  asio::thread_pool workers;
  asio::thread_pool quick;
  std::shared_ptr<ServerState> state;
  std::shared_ptr<Listener> listener;
  std::optional<asio::signal_set> signals;
  std::vector<std::thread> threads;
  std::atomic<bool> stop_requested{false};

  // Starts the drain once, whoever asks first (a signal or Stop()).
  void RequestStop() {
    if (stop_requested.exchange(true)) return;
    asio::post(state->control, [this] { Drain(); });
  }

  void Drain() {
    state->draining = true;
    if (listener) listener->Close();
    if (signals) {
      beast::error_code ignored;
      signals->cancel(ignored);
    }
    std::vector<std::shared_ptr<Session>> open;
    {
      std::lock_guard lock(state->sessions_mu);
      for (auto& [raw, weak] : state->sessions) {
        if (auto session = weak.lock()) open.push_back(std::move(session));
      }
    }
    for (auto& session : open) session->CloseIfIdle();
    // Arm the deadline first: cancelling a timer that is not yet waited on would be lost.
    state->drain_timer.emplace(state->ioc, state->options.drain_deadline);
    // Handlers queued on the io_context never own the server state: the state owns the
    // io_context, so an owning handler left unrun would keep both alive forever.
    state->drain_timer->async_wait([ioc = &state->ioc](beast::error_code ec) {
      if (ec != asio::error::operation_aborted) {
        LogWarning("drain deadline passed with connections open; stopping");
        ioc->stop();
      }
    });
    if (state->connections.load() == 0) state->drain_timer->cancel();
  }
};

HttpServer::HttpServer(ServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::max(1u, options.workers))) {
  if (options.threads == 0) options.threads = std::max(1u, std::thread::hardware_concurrency());
  impl_->state = std::make_shared<ServerState>(std::move(options), std::move(handler));
  impl_->state->workers = &impl_->workers;
  impl_->state->quick = &impl_->quick;
}

HttpServer::~HttpServer() {
  Stop();
  Wait();
  // A handler still running (the drain deadline passed) finishes before the state goes.
  impl_->workers.join();
  impl_->quick.join();
}

Result<std::uint16_t> HttpServer::Listen(const std::string& host, std::uint16_t port) {
  impl_->listener = std::make_shared<Listener>(impl_->state);
  auto bound = impl_->listener->Bind(host, port);
  if (!bound) return bound;
  impl_->listener->Accept();
  return bound;
}

void HttpServer::StopOnSignals() {
  impl_->signals.emplace(impl_->state->ioc, SIGINT, SIGTERM);
  impl_->signals->async_wait([impl = impl_.get()](beast::error_code ec, int signal) {
    if (ec) return;
    LogInfo("signal " + std::to_string(signal) + " received; draining");
    impl->RequestStop();
  });
}

void HttpServer::Start() {
  for (unsigned i = 0; i < impl_->state->options.threads; ++i) {
    impl_->threads.emplace_back([state = impl_->state] { state->ioc.run(); });
  }
}

void HttpServer::Stop() {
  impl_->RequestStop();
  if (impl_->threads.empty()) {
    // Never started: nothing else will run the posted drain.
    impl_->state->ioc.poll();
  }
}

void HttpServer::Wait() {
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
  impl_->threads.clear();
}

}  // namespace achilles::bot
