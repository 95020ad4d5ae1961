#include "core/sha256.hpp"

#include <array>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "core/errors.hpp"

namespace parley {
namespace {

std::string to_hex(const unsigned char* digest, unsigned int length) {
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int k = 0; k < length; ++k) hex += fmt::format("{:02x}", digest[k]);
  return hex;
}

EVP_MD_CTX* context_of(void* context) { return static_cast<EVP_MD_CTX*>(context); }

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const int ok =
      EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  PARLEY_CHECK(ok == 1, "EVP_Digest failed");
  return to_hex(digest.data(), length);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr) throw std::bad_alloc();
  PARLEY_CHECK(EVP_DigestInit_ex(context_of(context_), EVP_sha256(), nullptr) == 1,
               "EVP_DigestInit_ex failed");
}

Sha256::~Sha256() { EVP_MD_CTX_free(context_of(context_)); }

void Sha256::update(std::string_view bytes) {
  if (bytes.empty()) return;
  PARLEY_CHECK(EVP_DigestUpdate(context_of(context_), bytes.data(), bytes.size()) == 1,
               "EVP_DigestUpdate failed");
}

std::string Sha256::hex_digest() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  PARLEY_CHECK(EVP_DigestFinal_ex(context_of(context_), digest.data(), &length) == 1,
               "EVP_DigestFinal_ex failed");
  return to_hex(digest.data(), length);
}

}  // namespace parley
