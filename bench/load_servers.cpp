// The servers deploy/bench-load.sh loads beside achilles-coach (issue 16), in one executable:
//
//   achilles_bench_servers ok PORT_FILE            the HTTP stack's ceiling: bot/http's Beast
//                                                  server (2 I/O threads) answering every
//                                                  request 200 "OK" at once
//   achilles_bench_servers fake-bot-api PORT_FILE  the fake Bot API the bots reply through
//                                                  (tests/support), answering at once
//
// Each binds a free loopback port, writes it to PORT_FILE, serves until its standard input
// closes, then prints what it served.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "bot/http/http_server.h"
#include "tests/support/fake_bot_api.h"

namespace {

void WaitForEof() {
  std::string line;
  while (std::getline(std::cin, line)) {
  }
}

int ServeOk(const std::string& port_file) {
  std::atomic<std::size_t> served{0};
  achilles::bot::HttpServer server(achilles::bot::ServerOptions{.threads = 2},
                                   [&served](const achilles::bot::HttpRequest&) {
                                     served.fetch_add(1, std::memory_order_relaxed);
                                     return achilles::bot::HttpResponse::Text(200, "OK");
                                   });
  auto port = server.Listen("127.0.0.1", 0);
  if (!port) {
    std::cerr << port.error().message << "\n";
    return 1;
  }
  server.Start();
  std::ofstream(port_file) << *port << "\n";
  WaitForEof();
  server.Stop();
  server.Wait();
  std::cout << "served " << served.load() << "\n";
  return 0;
}

int ServeFakeBotApi(const std::string& port_file) {
  achilles::testing::FakeBotApi fake;
  const std::string url = fake.base_url();
  std::ofstream(port_file) << url.substr(url.rfind(':') + 1) << "\n";
  WaitForEof();
  std::cout << "calls " << fake.Calls().size() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s ok|fake-bot-api PORT_FILE\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  if (mode == "ok") return ServeOk(argv[2]);
  if (mode == "fake-bot-api") return ServeFakeBotApi(argv[2]);
  std::fprintf(stderr, "usage: %s ok|fake-bot-api PORT_FILE\n", argv[0]);
  return 2;
}
