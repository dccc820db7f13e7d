#include "bot/http/http_server.h"

#include <gtest/gtest.h>

#include <future>

#include "bot/http/asio.h"
#include "tests/support/http_client.h"

namespace achilles::bot {
namespace {

using achilles::testing::HttpCall;
using namespace std::chrono_literals;

HttpResponse Echo(const HttpRequest& request) {
  if (request.Path() == "/boom") throw std::runtime_error("boom");
  return HttpResponse::Text(200, request.method + " " + request.target + " " +
                                     std::to_string(request.body.size()) + " " +
                                     request.Header("X-Test"));
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options = {}, HttpHandler handler = Echo) {
    options.threads = 2;
    server_ = std::make_unique<HttpServer>(options, std::move(handler));
    auto port = server_->Listen("127.0.0.1", 0);
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
    server_->Start();
  }
  void TearDown() override {
    if (server_) {
      server_->Stop();
      server_->Wait();
    }
  }
  // A raw connection, for tests that need to control what is sent.
  std::unique_ptr<beast::tcp_stream> Connect() {
    auto stream = std::make_unique<beast::tcp_stream>(ioc_);
    stream->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    return stream;
  }
  // True when the server closed `stream` (a read ends) within `timeout`.
  static bool ClosedWithin(beast::tcp_stream& stream, std::chrono::seconds timeout) {
    stream.expires_after(timeout);
    char byte;
    beast::error_code ec;
    stream.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

  asio::io_context ioc_;
  std::unique_ptr<HttpServer> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerTest, PassesRequestsToTheHandler) {
  Start();
  const auto response = HttpCall(port_, "POST", "/x?y=1", "hello", {{"X-Test", "t"}});
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.body, "POST /x?y=1 5 t");
}

TEST_F(ServerTest, BodyOverTheLimitIs413) {
  Start();
  EXPECT_EQ(HttpCall(port_, "POST", "/x", std::string(64 * 1024, 'a')).status, 200u);
  EXPECT_EQ(HttpCall(port_, "POST", "/x", std::string(64 * 1024 + 1, 'a')).status, 413u);
}

TEST_F(ServerTest, AThrowingHandlerIs500AndTheServerCarriesOn) {
  Start();
  EXPECT_EQ(HttpCall(port_, "GET", "/boom").status, 500u);
  EXPECT_EQ(HttpCall(port_, "GET", "/ok").status, 200u);
}

TEST_F(ServerTest, GarbageIs400) {
  Start();
  auto stream = Connect();
  const std::string junk = "NOT HTTP AT ALL\r\n\r\n";
  asio::write(*stream, asio::buffer(junk));
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(*stream, buffer, response);
  EXPECT_EQ(response.result_int(), 400u);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start();
  auto stream = Connect();
  beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    http::request<http::string_body> request{http::verb::get, "/k" + std::to_string(i), 11};
    request.keep_alive(true);
    http::write(*stream, request);
    http::response<http::string_body> response;
    http::read(*stream, buffer, response);
    EXPECT_EQ(response.body(), "GET /k" + std::to_string(i) + " 0 ");
    EXPECT_TRUE(response.keep_alive());
  }
}

TEST_F(ServerTest, ASilentConnectionIsClosedAfterTheHeaderTimeout) {
  ServerOptions options;
  options.header_timeout = 200ms;
  Start(options);
  auto stream = Connect();
  EXPECT_TRUE(ClosedWithin(*stream, 5s));
}

TEST_F(ServerTest, ABodyThatNeverArrivesIsCutOff) {
  ServerOptions options;
  options.body_timeout = 200ms;
  Start(options);
  auto stream = Connect();
  const std::string head = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly a bit";
  asio::write(*stream, asio::buffer(head));
  EXPECT_TRUE(ClosedWithin(*stream, 5s));
}

TEST_F(ServerTest, ConnectionsOverTheCapAreClosed) {
  ServerOptions options;
  options.max_connections = 1;
  Start(options);
  auto first = Connect();
  // Make sure the first is accepted and counted before the second arrives.
  http::request<http::string_body> request{http::verb::get, "/a", 11};
  http::write(*first, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(*first, buffer, response);
  auto second = Connect();
  EXPECT_TRUE(ClosedWithin(*second, 5s));
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndFinishesRequestsInProgress) {
  std::promise<void> entered;
  std::promise<void> release;
  auto release_future = release.get_future().share();
  Start({}, [&](const HttpRequest& request) {
    if (request.Path() == "/slow") {
      entered.set_value();
      release_future.wait();
    }
    return HttpResponse::Text(200, "done");
  });
  auto idle = Connect();
  auto slow = std::async(std::launch::async, [&] { return HttpCall(port_, "GET", "/slow"); });
  entered.get_future().wait();
  server_->Stop();
  EXPECT_TRUE(ClosedWithin(*idle, 5s)) << "idle connections close on drain";
  release.set_value();
  const auto response = slow.get();
  EXPECT_EQ(response.status, 200u) << "a request in progress still gets its answer";
  EXPECT_EQ(response.body, "done");
  server_->Wait();
  server_.reset();
}

TEST_F(ServerTest, BindingATakenPortFailsClearly) {
  Start();
  HttpServer second(ServerOptions{}, Echo);
  auto bound = second.Listen("127.0.0.1", port_);
  ASSERT_FALSE(bound);
  EXPECT_EQ(bound.error().code, Error::Code::kUnavailable);
}

}  // namespace
}  // namespace achilles::bot
