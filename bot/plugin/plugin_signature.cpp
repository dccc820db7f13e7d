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
  constexpr char kHex[] = "0123456789abcdef";
  std::string signature = "v1=";
  for (unsigned int i = 0; i < length; ++i) {
    signature += kHex[digest[i] >> 4];
    signature += kHex[digest[i] & 0xf];
  }
  return signature;
}

bool PluginRequestAuthentic(std::string_view secret, std::string_view timestamp,
                            std::string_view body, std::string_view signature, TimePoint now) {
  if (secret.empty() || !TimestampFresh(timestamp, now)) return false;
  return SecretMatches(dialogs::Lower(signature), PluginSignature(secret, timestamp, body));
}

}  // namespace achilles::bot
