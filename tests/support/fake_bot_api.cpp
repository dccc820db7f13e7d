#include "tests/support/fake_bot_api.h"

#include <algorithm>
#include <stdexcept>

#include "tests/support/payload_log.h"

namespace achilles::testing {

FakeBotApi::FakeBotApi()
    : server_(bot::ServerOptions{.body_limit = 8 * 1024 * 1024, .threads = 2},
              [this](const bot::HttpRequest& request) { return Answer(request); }) {
  auto port = server_.Listen("127.0.0.1", 0);
  if (!port) throw std::runtime_error(port.error().message);
  port_ = *port;
  server_.Start();
}

FakeBotApi::~FakeBotApi() {
  server_.Stop();
  server_.Wait();
}

std::string FakeBotApi::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeBotApi::Script(unsigned status, std::string body, const std::string& method) {
  std::lock_guard lock(mu_);
  script_[method].emplace_back(status, std::move(body));
}

void FakeBotApi::EnforceLimits(int per_second, std::chrono::milliseconds per_chat) {
  std::lock_guard lock(mu_);
  enforce_limits_ = true;
  per_second_ = per_second;
  per_chat_ = per_chat;
}

std::size_t FakeBotApi::TooManyRequests() const {
  std::lock_guard lock(mu_);
  return too_many_requests_;
}

bot::HttpResponse FakeBotApi::Answer(const bot::HttpRequest& request) {
  // Paths look like /bot<token>/<method>.
  const std::string_view path = request.Path();
  const auto slash = path.find('/', 1);
  if (path.rfind("/bot", 0) != 0 || slash == std::string_view::npos) {
    return bot::HttpResponse::Json(404,
                                   R"({"ok":false,"error_code":404,"description":"Not Found"})");
  }
  Call call;
  call.token = std::string(path.substr(4, slash - 4));
  call.method = std::string(path.substr(slash + 1));
  const std::string content_type = request.Header("content-type");
  if (content_type.rfind("multipart/", 0) == 0) {
    // The Bot API reads form fields as text; objects (reply_markup) as JSON in that text.
    auto form = ParseMultipart(content_type, request.body);
    call.malformed_form = !form;
    call.payload = nlohmann::json::object();
    if (form) {
      for (const auto& [name, value] : form->fields) {
        const auto parsed = nlohmann::json::parse(value, nullptr, false);
        const bool text = name == "caption" || name == "text";
        call.payload[name] =
            !text && (parsed.is_object() || parsed.is_number()) ? parsed : nlohmann::json(value);
      }
      call.files = std::move(form->files);
    }
  } else {
    call.payload = nlohmann::json::parse(request.body, nullptr, false);
  }
  call.at = std::chrono::steady_clock::now();

  bot::HttpResponse response =
      bot::HttpResponse::Json(200, R"({"ok":true,"result":{"message_id":1}})");
  {
    std::lock_guard lock(mu_);
    if (call.method == "getMe") {
      response = bot::HttpResponse::Json(
          200,
          R"({"ok":true,"result":{"id":7000000001,"is_bot":true,"username":"AchillesCoachBot"}})");
    } else if (call.malformed_form) {
      response = bot::HttpResponse::Json(
          400, R"({"ok":false,"error_code":400,"description":"Bad Request: malformed form"})");
    } else if (enforce_limits_ && call.method.rfind("send", 0) == 0 && OverLimit(call)) {
      ++too_many_requests_;
      response = bot::HttpResponse::Json(
          429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1",)"
               R"("parameters":{"retry_after":1}})");
    } else if (auto& answers = script_[call.method]; !answers.empty()) {
      response = bot::HttpResponse::Json(answers.front().first, answers.front().second);
      answers.pop_front();
    }
    if (!call.malformed_form) LogPayload("telegram", call.method, call.payload, call.files);
    calls_.push_back(std::move(call));
  }
  arrived_.notify_all();
  return response;
}

bool FakeBotApi::OverLimit(const Call& call) {
  const auto now = call.at;
  while (!accepted_.empty() && now - accepted_.front() >= std::chrono::seconds(1)) {
    accepted_.pop_front();
  }
  const std::string chat =
      call.payload.is_object() ? call.payload.value("chat_id", nlohmann::json()).dump() : "";
  auto last = last_to_chat_.find(chat);
  if (static_cast<int>(accepted_.size()) >= per_second_ ||
      (last != last_to_chat_.end() && now - last->second < per_chat_)) {
    return true;
  }
  accepted_.push_back(now);
  last_to_chat_[chat] = now;
  return false;
}

std::vector<FakeBotApi::Call> FakeBotApi::Calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::vector<FakeBotApi::Call> FakeBotApi::CallsTo(const std::string& method) const {
  std::lock_guard lock(mu_);
  std::vector<Call> matching;
  for (const auto& call : calls_) {
    if (call.method == method) matching.push_back(call);
  }
  return matching;
}

bool FakeBotApi::WaitForCalls(const std::string& method, std::size_t count,
                              std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, timeout, [&] {
    std::size_t n = 0;
    for (const auto& call : calls_) n += call.method == method ? 1 : 0;
    return n >= count;
  });
}

bool FakeBotApi::WaitForText(const std::string& fragment, std::size_t count,
                             std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, timeout, [&] {
    const auto found = std::count_if(calls_.begin(), calls_.end(), [&](const Call& call) {
      if (!call.payload.is_object()) return false;
      const char* field = call.method == "sendMessage" ? "text" : "caption";
      const auto text = call.payload.find(field);
      return call.method.rfind("send", 0) == 0 && text != call.payload.end() && text->is_string() &&
             text->get<std::string>().find(fragment) != std::string::npos;
    });
    return static_cast<std::size_t>(found) >= count;
  });
}

}  // namespace achilles::testing
