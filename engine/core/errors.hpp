// Errors: bad input versus broken invariants.
//
// Bad *input* (a scenario file, an override, a command line) throws a typed
// exception that says where and what: `ScenarioError` carries file, line and
// column (1-based, from toml++'s source regions) plus "expected …, found …".
// A broken *invariant* is a programmer error: `PARLEY_CHECK` is always on and
// throws `InternalError`; `PARLEY_DCHECK` is compiled only in debug builds.
// The library never exits the process; only the CLI maps errors to exit codes.
//
// References: SimGrid `ParseError`, {fmt} `format_error`, OpenSpiel `SPIEL_CHECK_*`.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace parley {

// Where in an input file something was found; line and column are 1-based,
// 0 means unknown (e.g. an error about the file as a whole).
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// Invalid scenario input. what() is "file:line:column: message".
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, std::string message);
  const SourceLocation& where() const { return where_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

// Invalid use of a command or API argument that is not tied to a file position.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Failure to read or write a file (disk full, permission, existing output folder).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A broken invariant inside the engine: a bug, never the user's input.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void throw_internal_error(const char* file, int line, const char* condition,
                                       const std::string& detail);

}  // namespace parley

#define PARLEY_CHECK(cond, ...)                                                              \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      ::parley::throw_internal_error(__FILE__, __LINE__, #cond, ::fmt::format(__VA_ARGS__)); \
    }                                                                                        \
  } while (false)

#ifdef NDEBUG
#define PARLEY_DCHECK(cond, ...) \
  do {                           \
  } while (false)
#else
#define PARLEY_DCHECK(cond, ...) PARLEY_CHECK(cond, __VA_ARGS__)
#endif
