#include "tests/support/discord_signer.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

#include "bot/discord/discord_signature.h"
#include "bot/http/secret.h"

namespace achilles::testing {

std::string SignDiscord(const std::string& timestamp, const std::string& body) {
  const auto seed =
      *bot::FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  const std::string message = timestamp + body;
  std::array<unsigned char, 64> signature{};
  std::size_t length = signature.size();
  const bool signed_ok =
      key != nullptr && context != nullptr &&
      EVP_DigestSignInit(context, nullptr, nullptr, nullptr, key) == 1 &&
      EVP_DigestSign(context, signature.data(), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(context);
  EVP_PKEY_free(key);
  if (!signed_ok) throw std::runtime_error("could not sign with the test key");
  return bot::ToHex(std::string_view(reinterpret_cast<const char*>(signature.data()), length));
}

}  // namespace achilles::testing
