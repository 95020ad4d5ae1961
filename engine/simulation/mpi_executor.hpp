// The sweep executor for MPI runs: every rank takes part in run_sweep (sweep.hpp);
// rank 0 decides which points are left (resume, shard) and broadcasts the list,
// the ranks share the units through execute_units_mpi (mpi_runner.hpp), and only
// rank 0 assembles and writes the outputs.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "simulation/mpi_runner.hpp"
#include "simulation/sweep.hpp"

namespace parley {

class MpiExecutor : public SweepExecutor {
 public:
  MpiExecutor(const MpiContext& mpi, int threads, const std::atomic<bool>* cancel)
      : mpi_(mpi), threads_(threads), cancel_(cancel) {}

  bool writes_outputs() const override { return mpi_.rank() == 0; }
  std::vector<std::int64_t> agree_on_pending(std::vector<std::int64_t> pending) override;
  void execute(const SweepPlan& plan, const UnitSink& sink) override;
  int ranks() const override { return mpi_.size(); }
  int threads() const override;

 private:
  const MpiContext& mpi_;
  int threads_;
  const std::atomic<bool>* cancel_;
};

}  // namespace parley
