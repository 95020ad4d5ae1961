// SHA-256 (OpenSSL EVP) as lower-case hex: of a byte string at once, or fed in
// pieces (files written or read in chunks), for manifests, spools and checks.
#pragma once

#include <string>
#include <string_view>

namespace parley {

std::string sha256_hex(std::string_view bytes);

// SHA-256 of bytes fed in pieces; `hex_digest` ends it (call it once).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  std::string hex_digest();

 private:
  void* context_;  // EVP_MD_CTX*, kept opaque so OpenSSL's header stays in the .cpp
};

}  // namespace parley
