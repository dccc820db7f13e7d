#include "tests/support/fake_discord_api.h"

#include <stdexcept>

#include "tests/support/payload_log.h"

namespace achilles::testing {
namespace {

constexpr char kBase[] = "/api/v10";

}  // namespace

FakeDiscordApi::FakeDiscordApi()
    : server_(bot::ServerOptions{.body_limit = 8 * 1024 * 1024, .threads = 2},
              [this](const bot::HttpRequest& request) { return Answer(request); }) {
  auto port = server_.Listen("127.0.0.1", 0);
  if (!port) throw std::runtime_error(port.error().message);
  port_ = *port;
  server_.Start();
}

FakeDiscordApi::~FakeDiscordApi() {
  server_.Stop();
  server_.Wait();
}

std::string FakeDiscordApi::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + kBase;
}

void FakeDiscordApi::Script(const std::string& route, unsigned status, std::string body,
                            std::map<std::string, std::string> headers) {
  std::lock_guard lock(mu_);
  bot::HttpResponse response = bot::HttpResponse::Json(status, std::move(body));
  response.headers = std::move(headers);
  script_[route].push_back(std::move(response));
}

bot::HttpResponse FakeDiscordApi::Answer(const bot::HttpRequest& request) {
  std::string_view path = request.Path();
  if (path.rfind(kBase, 0) != 0) {
    return bot::HttpResponse::Json(404, R"({"message": "404: Not Found", "code": 0})");
  }
  path.remove_prefix(sizeof kBase - 1);
  Call call;
  call.path = std::string(path);
  const auto second_slash = path.find('/', 1);
  call.route = request.method + " " + std::string(path.substr(0, second_slash));
  call.authorization = request.Header("Authorization");
  call.at = std::chrono::steady_clock::now();
  const std::string content_type = request.Header("content-type");
  bool malformed = false;
  if (content_type.rfind("multipart/", 0) == 0) {
    // Discord's form: the message as payload_json, each file as files[n] named in attachments.
    auto form = ParseMultipart(content_type, request.body);
    malformed = !form || !form->fields.contains("payload_json");
    if (!malformed) {
      call.body = nlohmann::json::parse(form->fields["payload_json"], nullptr, false);
      call.files = std::move(form->files);
      const auto attachments = call.body.is_object()
                                   ? call.body.value("attachments", nlohmann::json::array())
                                   : nlohmann::json::array();
      malformed = attachments.size() != call.files.size();
      for (std::size_t i = 0; i < call.files.size() && !malformed; ++i) {
        malformed = call.files[i].field != "files[" + std::to_string(i) + "]" ||
                    attachments[i].value("filename", "") != call.files[i].filename;
      }
    }
  } else {
    call.body = nlohmann::json::parse(request.body, nullptr, false);
  }

  bot::HttpResponse response = bot::HttpResponse::Json(200, R"({"id":"1400000000000000001"})");
  if (malformed) {
    response = bot::HttpResponse::Json(400, R"({"message": "Invalid Form Body", "code": 50035})");
  } else if (call.route == "POST /users") {
    const std::string recipient =
        call.body.is_object() ? call.body.value("recipient_id", std::string()) : "";
    response =
        bot::HttpResponse::Json(200, nlohmann::json{{"id", "dm-" + recipient}, {"type", 1}}.dump());
  } else if (call.route == "PUT /applications") {
    response = bot::HttpResponse::Json(200, call.body.dump());
  }
  {
    std::lock_guard lock(mu_);
    if (auto& answers = script_[call.route]; !answers.empty()) {
      response = std::move(answers.front());
      answers.pop_front();
    }
    if (!malformed && !request.body.empty()) {
      LogPayload("discord", request.method + " " + call.path, call.body, call.files);
    }
    calls_.push_back(std::move(call));
  }
  arrived_.notify_all();
  return response;
}

std::vector<FakeDiscordApi::Call> FakeDiscordApi::Calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::vector<FakeDiscordApi::Call> FakeDiscordApi::CallsTo(const std::string& route) const {
  std::lock_guard lock(mu_);
  std::vector<Call> matching;
  for (const auto& call : calls_) {
    if (call.route == route) matching.push_back(call);
  }
  return matching;
}

std::vector<std::string> FakeDiscordApi::Contents(const std::string& route) const {
  std::vector<std::string> contents;
  for (const auto& call : CallsTo(route)) {
    if (call.body.is_object() && call.body.contains("content")) {
      contents.push_back(call.body["content"].get<std::string>());
    }
  }
  return contents;
}

bool FakeDiscordApi::WaitForCalls(const std::string& route, std::size_t count,
                                  std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, timeout, [&] {
    std::size_t n = 0;
    for (const auto& call : calls_) n += call.route == route ? 1 : 0;
    return n >= count;
  });
}

std::size_t FakeDiscordApi::CountText(const std::string& fragment) const {
  std::size_t n = 0;
  for (const auto& call : calls_) {
    if (call.body.is_object() && call.body.contains("content") &&
        call.body["content"].is_string() &&
        call.body["content"].get<std::string>().find(fragment) != std::string::npos) {
      ++n;
    }
  }
  return n;
}

bool FakeDiscordApi::WaitForText(const std::string& fragment, std::size_t count,
                                 std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, timeout, [&] { return CountText(fragment) >= count; });
}

}  // namespace achilles::testing
