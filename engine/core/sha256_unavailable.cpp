// SHA-256 where OpenSSL is not available: the WebAssembly build (web/). The
// browser does not write manifests or spools, so nothing there needs a digest;
// the scenario's `source_sha256` is left empty. (Native builds use sha256.cpp.)

#include "core/sha256.hpp"

namespace parley {

std::string sha256_hex(std::string_view /*bytes*/) { return {}; }

Sha256::Sha256() : context_(nullptr) {}
Sha256::~Sha256() = default;
void Sha256::update(std::string_view /*bytes*/) {}
std::string Sha256::hex_digest() {
  static_cast<void>(context_);  // (no context without OpenSSL)
  return {};
}

}  // namespace parley
