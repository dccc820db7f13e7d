// A blocking HTTP/1.1 client for tests (Boost.Beast), talking to a server on loopback.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace achilles::testing {

struct ClientResponse {
  unsigned status = 0;  // 0: the server closed the connection without answering
  std::string body;
  std::string content_type;
};

ClientResponse HttpCall(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body = "",
                        const std::map<std::string, std::string>& headers = {});

}  // namespace achilles::testing
