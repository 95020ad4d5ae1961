// Scale-out of a sweep over MPI ranks: rank 0 hands out contiguous batches of
// the plan's units (sweep_plan.hpp) and computes batches of its own; the other
// ranks compute the batches they are given and send the records back.
//
// This is the master/worker (manager/worker, "self-scheduling") pattern of
// the MPI literature (Gropp, Lusk & Skjellum, *Using MPI*, 3rd ed., 2014,
// ch. 3, the manager/worker matrix-vector example; MPI Standard 4.0, §3.8
// "Probe and Cancel" for messages of unknown size), with two refinements: each
// worker holds up to two batches at a time (one running, one queued), so it
// never waits for the coordinator between batches; and batches shrink towards
// the end of the sweep (guided self-scheduling, Polychronopoulos & Kuck 1987),
// so the ranks finish together.
//
// Only the main thread of a process calls MPI (MPI_THREAD_FUNNELED): on every
// rank the units run on execute_units's own threads, started from a helper
// thread, while the main thread serves messages.
//
// Because a unit's records depend only on (seed, point, replicate), the records
// are the same bytes whichever rank runs a unit; only the order in which the
// sink sees the units differs.
//
// | parameter  | meaning                                        | default |
// | ---------- | ---------------------------------------------- | ------- |
// | batch size | units per batch: 4 × threads of rank 0, fewer  | —       |
// |            | near the end (never less than 1)               |         |
// | batches    | outstanding batches per worker rank            | 2       |
#pragma once

#include <atomic>

#include "simulation/sweep_plan.hpp"

namespace parley {

// The MPI environment of this process, initialised for its lifetime.
//
// Active only when the process was started by mpirun/mpiexec (or srun with
// PMI): then MPI_Init_thread(MPI_THREAD_FUNNELED) runs in the constructor and
// MPI_Finalize in the destructor. Otherwise the context is inactive, with rank
// 0 and size 1, and MPI is never touched, so a plain `parley run` needs no MPI
// runtime. Create at most one, in `main`, before any threads start.
//
// With several ranks, a rank that gives up outside execute_units_mpi (say rank
// 0 cannot create its output folder) must call abort(code), or the others wait
// for it forever; a context destroyed by an exception in flight does so itself.
class MpiContext {
 public:
  // True when an MPI launcher's environment variables are set
  // (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_SIZE, PMI_RANK).
  static bool launched_by_mpirun();

  // `argc`/`argv` are main's, passed on to MPI_Init_thread. Throws
  // std::runtime_error when the MPI library cannot give MPI_THREAD_FUNNELED.
  MpiContext(int* argc, char*** argv);
  ~MpiContext();
  MpiContext(const MpiContext&) = delete;
  MpiContext& operator=(const MpiContext&) = delete;

  bool active() const { return active_; }
  int rank() const { return rank_; }  // in MPI_COMM_WORLD; 0 when inactive
  int size() const { return size_; }  // of MPI_COMM_WORLD; 1 when inactive

  // Ends all ranks with exit code `code` (MPI_Abort on MPI_COMM_WORLD); when
  // inactive, ends this process without running destructors.
  [[noreturn]] void abort(int code) const;

 private:
  bool active_ = false;
  bool owns_init_ = false;  // this context called MPI_Init_thread
  int rank_ = 0;
  int size_ = 1;
};

// Runs all units of `plan` across the ranks of `mpi`, each rank on `threads`
// threads (0: one per hardware thread). Every rank must call it, with the same
// plan (same scenario, design, replicates, seed, analysis flag and pending
// points); a mismatch throws UsageError on every rank.
//
// On rank 0, `sink` receives every unit exactly once, in no particular order,
// with calls serialised (from several threads). Other ranks never call `sink`.
// With one rank (or an inactive context) this is execute_units(plan, 0,
// unit_count, threads, cancel, sink).
//
// Cancellation: `cancel` is read on rank 0 only. When it is set, rank 0 stops
// handing out batches and tells the workers to stop; the units finished by
// then still reach the sink; then every rank returns normally (the caller
// checks `cancel`).
//
// Errors: an exception on a worker rank is printed to stderr with the rank and
// ends the whole job through MPI_Abort(MPI_COMM_WORLD, 1), so rank 0 never
// waits for a result that will not come. An exception on rank 0 (from its own
// units or from `sink`) stops the workers, waits for their outstanding
// batches (no more sink calls) and is rethrown on rank 0; the workers return
// normally.
void execute_units_mpi(const SweepPlan& plan, int threads, const std::atomic<bool>* cancel,
                       const UnitSink& sink, const MpiContext& mpi);

}  // namespace parley
