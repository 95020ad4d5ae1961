# Strict warnings as an INTERFACE target; -Werror only when PARLEY_WERROR is on.
add_library(parley_warnings INTERFACE)
add_library(parley::warnings ALIAS parley_warnings)
target_compile_options(parley_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  $<$<BOOL:${PARLEY_WERROR}>:-Werror>
  # wasm32 (cmake/web_dependencies.cmake) has 32-bit sizes and Eigen indices: the
  # engine's 64-bit counts narrow where they index; a browser never holds 2^31.
  $<$<BOOL:${EMSCRIPTEN}>:-Wno-shorten-64-to-32>)
