// parley: the command-line entry point. Parses argv, runs one command, maps
// errors to exit codes (cli/cli_options.hpp lists them).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "cli/commands.hpp"
#include "core/errors.hpp"

namespace {
std::atomic<bool> g_cancel{false};
extern "C" void on_signal(int /*signal*/) { g_cancel.store(true); }
}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line = "parley";
  for (const auto& arg : args) command_line += " " + arg;

  parley::cli::Command command;
  try {
    command = parley::cli::parse_command_line(args);
  } catch (const parley::UsageError& bad) {
    std::cerr << "error: " << bad.what() << "\n";
    return parley::cli::kExitUsage;
  }
  const parley::cli::Environment env{command_line, ::isatty(STDERR_FILENO) == 1, &g_cancel};
  return parley::cli::execute(command, env, std::cout, std::cerr);
}
