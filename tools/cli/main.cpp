// parley: the command-line entry point. Parses argv, runs one command, maps
// errors to exit codes (cli/cli_options.hpp lists them). Under `mpirun` (when
// built with MPI) every rank runs the same command: rank 0 writes and prints,
// the others compute the units they are handed.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "core/errors.hpp"
#ifdef PARLEY_HAVE_MPI
#include "simulation/mpi_executor.hpp"
#endif

namespace {
std::atomic<bool> g_cancel{false};
extern "C" void on_signal(int /*signal*/) { g_cancel.store(true); }
}  // namespace

int main(int argc, char** argv) {
#ifdef PARLEY_HAVE_MPI
  parley::MpiContext mpi(&argc, &argv);  // before any thread starts
#endif
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  // Past a file-size limit (`ulimit -f`) a write must fail with EFBIG, which
  // the writers report as an OutputError (exit 4), instead of killing the
  // process in the middle of a file.
  std::signal(SIGXFSZ, SIG_IGN);
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line = "parley";
  for (const auto& arg : args) command_line += " " + arg;

  parley::cli::Command command;
  try {
    command = parley::cli::parse_command_line(args);
  } catch (const parley::UsageError& bad) {
    std::cerr << "error: " << parley::escape_control_characters(bad.what()) << "\n";
    return parley::cli::kExitUsage;
  }
  parley::cli::Environment env;
  env.command_line = command_line;
  env.progress_to_terminal = ::isatty(STDERR_FILENO) == 1;
  env.color_stdout = ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  env.cancel = &g_cancel;
#ifdef PARLEY_HAVE_MPI
  if (mpi.active()) {
    env.mpi_executor = [&mpi](int threads) {
      return std::make_unique<parley::MpiExecutor>(mpi, threads, &g_cancel);
    };
    env.prints = mpi.rank() == 0;
    std::ostringstream discarded;  // only rank 0 prints results
    const int code =
        parley::cli::execute(command, env, env.prints ? std::cout : discarded, std::cerr);
    // A rank that failed may leave the others waiting for it: end them all.
    // An interrupted sweep is not a failure: rank 0 has told the workers to
    // stop and every rank returns, so they end normally (MPI_Finalize) and
    // mpirun is not asked to abort a job it is already taking down.
    if (code != parley::cli::kExitOk && code != parley::cli::kExitInterrupted) mpi.abort(code);
    return code;
  }
#endif
  return parley::cli::execute(command, env, std::cout, std::cerr);
}
