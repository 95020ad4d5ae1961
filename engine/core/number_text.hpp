// Reading a double from text as std::from_chars does, and bit casts, on every
// standard library parley is built with. libstdc++ (the native builds) has both;
// the libc++ of Debian's emscripten 3.1.6 (the WebAssembly build, web/) has
// neither floating-point std::from_chars nor std::bit_cast, so there these
// fall back to strtod on the same accepted text (musl's strtod rounds
// correctly, as from_chars does: the same double for the same text) and to
// memcpy.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace parley {

// As std::from_chars(first, last, value) in the general format: an optional
// '-', digits with an optional '.', an optional exponent, or inf, infinity,
// nan; no leading '+', space or "0x". On result_out_of_range `value` is
// left unchanged.
std::from_chars_result parse_double(const char* first, const char* last, double& value);

// The same through strtod: what parse_double is where the library lacks a
// floating-point from_chars (compiled everywhere, so the native tests compare the two).
std::from_chars_result parse_double_with_strtod(const char* first, const char* last, double& value);

// std::bit_cast for trivially copyable types of one size.
template <class To, class From>
To bit_cast_value(const From& from) {
  static_assert(sizeof(To) == sizeof(From) && std::is_trivially_copyable_v<From> &&
                std::is_trivially_copyable_v<To>);
  To to;
  std::memcpy(&to, &from, sizeof(To));
  return to;
}

}  // namespace parley
