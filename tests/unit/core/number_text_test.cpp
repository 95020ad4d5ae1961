#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "core/number_text.hpp"
#include "core/random.hpp"

namespace parley {
namespace {

struct Parsed {
  std::errc error;
  std::ptrdiff_t length;
  double value;
};

Parsed with_from_chars(const std::string& text) {
  double value = -7.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return {error, end - text.data(), value};
}

Parsed with_strtod(const std::string& text) {
  double value = -7.0;
  const auto [end, error] = parse_double_with_strtod(text.data(), text.data() + text.size(), value);
  return {error, end - text.data(), value};
}

void check_same(const std::string& text) {
  INFO("\"" << text << "\"");
  const Parsed a = with_from_chars(text);
  const Parsed b = with_strtod(text);
  CHECK(a.error == b.error);
  if (a.error == std::errc::invalid_argument) return;  // where it stops is unspecified then
  CHECK(a.length == b.length);
  if (std::isnan(a.value)) {
    CHECK(std::isnan(b.value));
  } else {
    CHECK(bit_cast_value<std::uint64_t>(a.value) == bit_cast_value<std::uint64_t>(b.value));
  }
}

}  // namespace

// The WebAssembly build reads numbers with strtod (its libc++ has no floating-point
// from_chars): it must accept the same text and give the same double.
TEST_CASE("strtod-based parsing reads what from_chars reads, to the bit", "[core]") {
  for (const char* text : {"0",
                           "-0",
                           "1",
                           "0.5",
                           ".5",
                           "5.",
                           "-.5",
                           "1e3",
                           "1E-3",
                           "1e",
                           "1e+",
                           "2.5e+10x",
                           "+1",
                           " 1",
                           "0x1p3",
                           "inf",
                           "-Infinity",
                           "nan",
                           "NaN(123)",
                           "1e400",
                           "1e-400",
                           "abc",
                           "",
                           "-",
                           ".",
                           "3.14159265358979323846",
                           "0.1,0.2",
                           "12 ",
                           "4.9406564584124654e-324",
                           "1.7976931348623157e308",
                           "2.2250738585072011e-308"}) {
    check_same(text);
  }
  // Shortest round-trip texts of random doubles, and 17-digit ones.
  Rng rng(1);
  for (int k = 0; k < 20000; ++k) {
    const double x = bit_cast_value<double>(static_cast<std::uint64_t>(rng()));
    if (!std::isfinite(x)) continue;
    check_same(fmt::format("{}", x));
    check_same(fmt::format("{:.17g}", x));
    check_same(fmt::format("{:.6f}", std::fmod(x, 1e6)));
  }
}

TEST_CASE("bit_cast_value is a bit cast", "[core]") {
  CHECK(bit_cast_value<std::uint64_t>(1.0) == 0x3FF0000000000000ULL);
  CHECK(bit_cast_value<double>(0x4000000000000000ULL) == 2.0);
}

}  // namespace parley
