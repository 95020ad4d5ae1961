#include "core/number_text.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>

namespace parley {

namespace {

// The length of the longest prefix of [p, last) that from_chars' general
// format accepts (0: none).
std::size_t accepted_length(const char* p, const char* last) {
  const char* start = p;
  if (p != last && *p == '-') ++p;
  const auto word = [&](const char* text) {
    const std::size_t n = std::strlen(text);
    if (static_cast<std::size_t>(last - p) < n) return false;
    for (std::size_t k = 0; k < n; ++k)
      if (std::tolower(static_cast<unsigned char>(p[k])) != text[k]) return false;
    return true;
  };
  if (word("infinity")) return static_cast<std::size_t>(p + 8 - start);
  if (word("inf")) return static_cast<std::size_t>(p + 3 - start);
  if (word("nan")) {
    const char* q = p + 3;
    if (q != last && *q == '(') {  // nan(chars)
      const char* r = q + 1;
      while (r != last && (std::isalnum(static_cast<unsigned char>(*r)) || *r == '_')) ++r;
      if (r != last && *r == ')') q = r + 1;
    }
    return static_cast<std::size_t>(q - start);
  }
  const auto digits = [&]() {
    const char* before = p;
    while (p != last && *p >= '0' && *p <= '9') ++p;
    return p != before;
  };
  bool any = digits();
  if (p != last && *p == '.') {
    ++p;
    any = digits() || any;
  }
  if (!any) return 0;
  if (p != last && (*p == 'e' || *p == 'E')) {
    const char* mark = p;
    ++p;
    if (p != last && (*p == '+' || *p == '-')) ++p;
    if (!digits()) p = mark;  // "1e" reads as 1
  }
  return static_cast<std::size_t>(p - start);
}

}  // namespace

std::from_chars_result parse_double_with_strtod(const char* first, const char* last,
                                                double& value) {
  const std::size_t length = accepted_length(first, last);
  if (length == 0) return {first, std::errc::invalid_argument};
  const std::string text(first, length);  // NUL-terminated, as strtod needs
  errno = 0;
  char* end = nullptr;
  const double parsed = std::strtod(text.c_str(), &end);
  // strtod flags subnormal results too; from_chars only overflow and underflow to 0.
  if (errno == ERANGE && (std::isinf(parsed) || parsed == 0.0))
    return {first + length, std::errc::result_out_of_range};
  value = parsed;
  return {first + length, std::errc()};
}

std::from_chars_result parse_double(const char* first, const char* last, double& value) {
#if defined(__cpp_lib_to_chars)
  return std::from_chars(first, last, value);
#else
  return parse_double_with_strtod(first, last, value);
#endif
}

}  // namespace parley
