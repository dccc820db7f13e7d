#include "bot/plugin/plugin_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "bot/http/secret.h"
#include "dialogs/text.h"

namespace achilles::bot {

std::string PluginSignature(std::string_view secret, std::string_view timestamp,
                            std::string_view body) {
  std::string message;
  message.reserve(timestamp.size() + 1 + body.size());
  message.append(timestamp).append(".").append(body);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return "v1=" + ToHex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

bool PluginRequestAuthentic(std::string_view secret, std::string_view timestamp,
                            std::string_view body, std::string_view signature, TimePoint now) {
  if (secret.empty() || !TimestampFresh(timestamp, now)) return false;
  return SecretMatches(dialogs::Lower(signature), PluginSignature(secret, timestamp, body));
}

}  // namespace achilles::bot
