// Carries out a parsed command: calls one engine function, prints results and
// maps errors to exit codes (cli_options.hpp). The only place that turns
// exceptions into messages.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "simulation/sweep.hpp"

#include "cli/cli_options.hpp"

namespace parley::cli {

struct Environment {
  std::string command_line;           // recorded in manifest.json
  bool progress_to_terminal = false;  // stderr is a terminal
  const std::atomic<bool>* cancel = nullptr;
  // Under `mpirun`: makes the MPI executor for a sweep (null otherwise), and
  // whether this process is rank 0 (the one that writes and prints).
  std::function<std::unique_ptr<SweepExecutor>(int threads)> mpi_executor;
  bool prints = true;
  bool color_stdout = false;  // stdout is a terminal and NO_COLOR is unset
};

int execute(const Command& command, const Environment& env, std::ostream& out, std::ostream& err);

}  // namespace parley::cli
