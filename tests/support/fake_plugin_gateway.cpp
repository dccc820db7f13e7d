#include "tests/support/fake_plugin_gateway.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace achilles::testing {

std::string GatewaySignature(const std::string& secret, const std::string& timestamp,
                             const std::string& body) {
  const std::string message = timestamp + "." + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  std::string hex = "v1=";
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

FakePluginGateway::FakePluginGateway(std::string secret)
    : secret_(std::move(secret)),
      server_(bot::ServerOptions{.threads = 2},
              [this](const bot::HttpRequest& request) { return Answer(request); }) {
  auto port = server_.Listen("127.0.0.1", 0);
  if (!port) throw std::runtime_error(port.error().message);
  port_ = *port;
  server_.Start();
}

FakePluginGateway::~FakePluginGateway() {
  server_.Stop();
  server_.Wait();
}

std::string FakePluginGateway::callback_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/replies";
}

void FakePluginGateway::Script(unsigned status, std::string retry_after) {
  std::lock_guard lock(mu_);
  script_.emplace_back(status, std::move(retry_after));
}

bot::HttpResponse FakePluginGateway::Answer(const bot::HttpRequest& request) {
  if (request.method != "POST" || request.Path() != "/replies") {
    return bot::HttpResponse::Text(404, "not found\n");
  }
  Reply reply;
  reply.timestamp = request.Header("X-Achilles-Timestamp");
  reply.signed_right = request.Header("X-Achilles-Signature") ==
                       GatewaySignature(secret_, reply.timestamp, request.body);
  reply.body = nlohmann::json::parse(request.body, nullptr, false);
  reply.at = std::chrono::steady_clock::now();
  bot::HttpResponse response = bot::HttpResponse::Json(200, "{}");
  if (!reply.signed_right) response = bot::HttpResponse::Text(401, "bad signature\n");
  {
    std::lock_guard lock(mu_);
    if (reply.signed_right && !script_.empty()) {
      response = bot::HttpResponse::Text(script_.front().first, "scripted\n");
      if (!script_.front().second.empty()) {
        response.headers["Retry-After"] = script_.front().second;
      }
      script_.pop_front();
    }
    replies_.push_back(reply);
    if (response.status / 100 == 2) accepted_.push_back(std::move(reply));
  }
  arrived_.notify_all();
  return response;
}

std::vector<FakePluginGateway::Reply> FakePluginGateway::Replies() const {
  std::lock_guard lock(mu_);
  return replies_;
}

std::vector<std::string> FakePluginGateway::TextsTo(const std::string& chat) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> texts;
  for (const auto& reply : accepted_) {
    if (reply.body.is_object() && reply.body.value("chat_id", "") == chat) {
      texts.push_back(reply.body.value("text", ""));
    }
  }
  return texts;
}

bool FakePluginGateway::WaitForText(const std::string& fragment, std::size_t count,
                                    std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, timeout, [&] {
    const auto found = std::count_if(accepted_.begin(), accepted_.end(), [&](const Reply& r) {
      return r.body.is_object() && r.body.value("text", "").find(fragment) != std::string::npos;
    });
    return static_cast<std::size_t>(found) >= count;
  });
}

bool FakePluginGateway::WaitForRequests(std::size_t count,
                                        std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, timeout, [&] { return replies_.size() >= count; });
}

}  // namespace achilles::testing
