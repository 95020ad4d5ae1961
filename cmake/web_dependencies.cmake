# Dependencies of the WebAssembly build (preset `wasm`, emscripten 3.1.6).
#
# The engine's libraries are header-only or not needed in the browser. Debian's
# headers are used as they are, but each folder on its own: `-isystem
# /usr/include` would pull glibc's headers into emscripten's libc (see
# ../shared/wasm-facts.md), so fmt, toml++, Boost and nlohmann are reached
# through links in one folder of the build. fmt is header-only here; OpenSSL
# (SHA-256 of the scenario for manifests: engine/core/sha256_unavailable.cpp)
# and pugixml (the GENIUS importer) are left out; no threads (a Web Worker).

set(PARLEY_WEB_INCLUDE ${PROJECT_BINARY_DIR}/web-include)
file(MAKE_DIRECTORY ${PARLEY_WEB_INCLUDE})
foreach(header fmt toml++ boost nlohmann)
  if(NOT EXISTS /usr/include/${header})
    message(FATAL_ERROR "/usr/include/${header} not found: run tools/setup.sh")
  endif()
  file(CREATE_LINK /usr/include/${header} ${PARLEY_WEB_INCLUDE}/${header} SYMBOLIC)
endforeach()

function(parley_header_library name)
  add_library(${name} INTERFACE IMPORTED GLOBAL)
  if(ARGN)
    set_target_properties(${name} PROPERTIES ${ARGN})
  endif()
endfunction()
parley_header_library(Eigen3::Eigen INTERFACE_INCLUDE_DIRECTORIES /usr/include/eigen3)
parley_header_library(fmt::fmt INTERFACE_INCLUDE_DIRECTORIES ${PARLEY_WEB_INCLUDE}
  INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY)
parley_header_library(tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES ${PARLEY_WEB_INCLUDE})
parley_header_library(nlohmann_json::nlohmann_json INTERFACE_INCLUDE_DIRECTORIES ${PARLEY_WEB_INCLUDE})
parley_header_library(Boost::boost INTERFACE_INCLUDE_DIRECTORIES ${PARLEY_WEB_INCLUDE})
parley_header_library(Threads::Threads)
parley_header_library(OpenSSL::Crypto)
parley_header_library(pugixml::pugixml)

# C++ exceptions as WebAssembly exceptions (the engine reports bad input by
# throwing; emscripten's default would abort on a throw).
add_compile_options(-fwasm-exceptions)
add_link_options(-fwasm-exceptions)
