#include "tests/support/http_client.h"

#include "bot/http/asio.h"

namespace achilles::testing {

using namespace achilles::bot;  // asio, beast, http, tcp aliases

ClientResponse HttpCall(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body,
                        const std::map<std::string, std::string>& headers) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  beast::error_code ec;
  http::read(stream, buffer, parser, ec);
  ClientResponse response;
  if (ec) return response;
  response.status = parser.get().result_int();
  response.body = parser.get().body();
  response.content_type = std::string(parser.get()[http::field::content_type]);
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return response;
}

}  // namespace achilles::testing
