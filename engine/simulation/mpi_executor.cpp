#include "simulation/mpi_executor.hpp"

#include <mpi.h>

#include "simulation/replicate_runner.hpp"

namespace parley {

std::vector<std::int64_t> MpiExecutor::agree_on_pending(std::vector<std::int64_t> pending) {
  if (!mpi_.active()) return pending;
  std::int64_t count = static_cast<std::int64_t>(pending.size());
  MPI_Bcast(&count, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  pending.resize(static_cast<std::size_t>(count));
  // Broadcast in chunks that fit an int count.
  constexpr std::int64_t kChunk = 1 << 24;
  for (std::int64_t first = 0; first < count; first += kChunk) {
    const int n = static_cast<int>(std::min(kChunk, count - first));
    MPI_Bcast(pending.data() + first, n, MPI_INT64_T, 0, MPI_COMM_WORLD);
  }
  return pending;
}

void MpiExecutor::execute(const SweepPlan& plan, const UnitSink& sink) {
  execute_units_mpi(plan, threads_, cancel_, sink, mpi_);
}

int MpiExecutor::threads() const { return resolve_thread_count(threads_); }

}  // namespace parley
