#include "core/sha256.hpp"

#include <array>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "core/errors.hpp"

namespace parley {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const int ok =
      EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  PARLEY_CHECK(ok == 1, "EVP_Digest failed");
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int k = 0; k < length; ++k) hex += fmt::format("{:02x}", digest[k]);
  return hex;
}

}  // namespace parley
