// SHA-256 of a byte string as lower-case hex (OpenSSL EVP), for manifests.
#pragma once

#include <string>
#include <string_view>

namespace parley {
std::string sha256_hex(std::string_view bytes);
}  // namespace parley
