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
#include <string_view>

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

// A run, sweep, forecast or trace stopped because the user asked it to (Ctrl-C,
// SIGTERM): the cancel flag was set. Nothing is returned; the CLI exits 130.
class RunCancelled : public std::runtime_error {
 public:
  RunCancelled() : std::runtime_error("run cancelled") {}
};

// A broken invariant inside the engine: a bug, never the user's input.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// `text` with its control bytes (C0, DEL) written as escapes (\n, \t, \r, \x1b, …), so
// that an error message quoting a scenario string or a CSV cell cannot move the
// cursor, ring the bell or forge a line on a terminal. Other bytes (UTF-8) pass.
std::string escape_control_characters(std::string_view text);

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
