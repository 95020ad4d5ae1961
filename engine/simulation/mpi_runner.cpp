#include "simulation/mpi_runner.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <future>
#include <limits>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "simulation/replicate_runner.hpp"

namespace parley {
namespace {

// Message tags. Rank 0 sends kTagWork (two int64: units [begin, end)) and, last
// of all, one kTagStop (empty) to each worker; a worker answers every kTagWork
// with exactly one kTagResult (bytes, see ResultWriter).
constexpr int kTagWork = 1;
constexpr int kTagStop = 2;
constexpr int kTagResult = 3;

constexpr int kBatchesPerWorker = 2;
constexpr int kBatchUnitsPerThread = 4;

struct Range {
  std::int64_t begin = 0;
  std::int64_t end = 0;
};

// Waits between polls: short at first, so a message right after a poll is
// served quickly, longer when nothing happens, so an idle rank leaves the
// cores to the computing threads (OpenMPI's blocking calls spin instead).
class Backoff {
 public:
  void reset() { wait_ = kMin; }
  std::chrono::microseconds next() {
    const auto wait = wait_;
    wait_ = std::min(wait_ * 2, kMax);
    return wait;
  }

 private:
  static constexpr std::chrono::microseconds kMin{20};
  static constexpr std::chrono::microseconds kMax{1000};
  std::chrono::microseconds wait_ = kMin;
};

bool is_ready(const std::future<void>& done) {
  return done.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// A result message: int64 batch begin, int64 batch end, then per finished unit
// int64 unit index, int64 byte count, and encode_records's bytes. A batch that
// was abandoned after a stop carries only the units finished before it.
class ResultWriter {
 public:
  explicit ResultWriter(Range batch) {
    put(batch.begin);
    put(batch.end);
  }
  void add_unit(std::int64_t index, const std::vector<SessionRecord>& records) {
    const std::string encoded = encode_records(records);
    put(index);
    put(static_cast<std::int64_t>(encoded.size()));
    bytes_ += encoded;
  }
  std::string& bytes() { return bytes_; }

 private:
  void put(std::int64_t value) {
    char raw[sizeof value];
    std::memcpy(raw, &value, sizeof value);
    bytes_.append(raw, sizeof raw);
  }
  std::string bytes_;
};

class ResultReader {
 public:
  explicit ResultReader(std::string_view bytes) : bytes_(bytes) {}
  std::int64_t get_int() {
    std::int64_t value = 0;
    PARLEY_CHECK(bytes_.size() - offset_ >= sizeof value, "truncated MPI result message");
    std::memcpy(&value, bytes_.data() + offset_, sizeof value);
    offset_ += sizeof value;
    return value;
  }
  std::string_view get_bytes(std::int64_t count) {
    PARLEY_CHECK(count >= 0 && static_cast<std::size_t>(count) <= bytes_.size() - offset_,
                 "truncated MPI result message ({} bytes announced)", count);
    const std::string_view part = bytes_.substr(offset_, static_cast<std::size_t>(count));
    offset_ += static_cast<std::size_t>(count);
    return part;
  }
  bool done() const { return offset_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t offset_ = 0;
};

int message_count(std::size_t bytes) {
  PARLEY_CHECK(bytes <= static_cast<std::size_t>(std::numeric_limits<int>::max()),
               "MPI message of {} bytes is too large; use fewer threads per rank", bytes);
  return static_cast<int>(bytes);
}

// FNV-1a over what determines the units (scenario file, overrides, design
// values, replicates, seed, analysis, pending points), to check that all ranks
// built the same plan before any work is handed out.
class Fingerprint {
 public:
  void add(std::uint64_t value) {
    for (int byte = 0; byte < 8; ++byte) add_byte(static_cast<unsigned char>(value >> (8 * byte)));
  }
  void add(std::string_view text) {
    add(static_cast<std::uint64_t>(text.size()));
    for (const char c : text) add_byte(static_cast<unsigned char>(c));
  }
  void add(double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    add(bits);
  }
  std::uint64_t value() const { return hash_; }

 private:
  void add_byte(unsigned char byte) {
    hash_ ^= byte;
    hash_ *= 1099511628211ULL;
  }
  std::uint64_t hash_ = 14695981039346656037ULL;
};

std::uint64_t plan_fingerprint(const SweepPlan& plan) {
  Fingerprint print;
  print.add(std::string_view(plan.base().source_sha256));
  for (const std::string& assignment : plan.base().overrides)
    print.add(std::string_view(assignment));
  print.add(static_cast<std::uint64_t>(plan.unit_count()));
  print.add(static_cast<std::uint64_t>(plan.replicates()));
  print.add(plan.seed());
  print.add(static_cast<std::uint64_t>(plan.analysis() ? 1 : 0));
  const SweepPoints& points = plan.points();
  print.add(static_cast<std::uint64_t>(points.point_count()));
  for (const SweepAxis& axis : points.axes()) print.add(std::string_view(axis.path));
  for (const std::int64_t point : plan.pending()) {
    print.add(static_cast<std::uint64_t>(point));
    for (int axis = 0; axis < points.axis_count(); ++axis) print.add(points.value(point, axis));
  }
  return print.value();
}

void check_same_plan(const SweepPlan& plan) {
  const std::uint64_t mine = plan_fingerprint(plan);
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  MPI_Allreduce(&mine, &low, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
  MPI_Allreduce(&mine, &high, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
  if (low != high) {
    throw UsageError(
        "MPI ranks built different sweep plans (scenario, design, replicates, seed or resumed "
        "points differ between ranks); every rank must run the same command on the same files");
  }
}

// ---------------------------------------------------------------------------
// Worker ranks: compute the batches rank 0 sends, in order, one at a time on a
// helper thread, while the main thread receives the next batch and sends
// finished results.

class Worker {
 public:
  Worker(const SweepPlan& plan, int threads) : plan_(plan), threads_(threads) {}

  void run() {
    Backoff backoff;
    for (;;) {
      bool progressed = receive_messages();
      if (job_ && is_ready(job_->done)) {
        job_->done.get();  // rethrows a unit's exception
        send_result(std::move(job_->result.bytes()));
        job_.reset();
        progressed = true;
      }
      if (!job_ && !queue_.empty()) {
        const Range batch = queue_.front();
        queue_.pop_front();
        if (abandon_.load()) {
          send_result(std::move(ResultWriter(batch).bytes()));
        } else {
          start(batch);
        }
        progressed = true;
      }
      reap_sends();
      if (stopped_ && !job_ && queue_.empty()) break;
      if (progressed) {
        backoff.reset();
      } else if (job_) {
        job_->done.wait_for(backoff.next());
      } else {
        std::this_thread::sleep_for(backoff.next());
      }
    }
    for (auto& send : sends_) MPI_Wait(&send.request, MPI_STATUS_IGNORE);
    sends_.clear();
  }

 private:
  struct Job {
    explicit Job(Range batch) : result(batch) {}
    ResultWriter result;
    std::future<void> done;
  };
  struct PendingSend {
    std::string bytes;
    MPI_Request request = MPI_REQUEST_NULL;
  };

  // Takes every message rank 0 has sent so far, in the order it sent them.
  bool receive_messages() {
    bool received = false;
    for (;;) {
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
      if (flag == 0) return received;
      received = true;
      if (status.MPI_TAG == kTagWork) {
        std::int64_t range[2] = {0, 0};
        MPI_Recv(range, 2, MPI_INT64_T, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        PARLEY_CHECK(0 <= range[0] && range[0] < range[1] && range[1] <= plan_.unit_count(),
                     "bad batch [{}, {}) of {} units", range[0], range[1], plan_.unit_count());
        queue_.push_back(Range{range[0], range[1]});
      } else {
        PARLEY_CHECK(status.MPI_TAG == kTagStop, "unexpected MPI tag {}", status.MPI_TAG);
        MPI_Recv(nullptr, 0, MPI_BYTE, 0, kTagStop, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        stopped_ = true;
        abandon_.store(true);
      }
    }
  }

  void start(Range batch) {
    job_.emplace(batch);
    ResultWriter* result = &job_->result;
    job_->done = std::async(std::launch::async, [this, batch, result] {
      execute_units(plan_, batch.begin, batch.end, threads_, &abandon_,
                    [result](std::int64_t index, std::vector<SessionRecord>&& records) {
                      result->add_unit(index, records);
                    });
    });
  }

  void send_result(std::string&& bytes) {
    sends_.push_back(PendingSend{std::move(bytes), MPI_REQUEST_NULL});
    PendingSend& send = sends_.back();
    MPI_Isend(send.bytes.data(), message_count(send.bytes.size()), MPI_BYTE, 0, kTagResult,
              MPI_COMM_WORLD, &send.request);
  }

  void reap_sends() {
    for (auto it = sends_.begin(); it != sends_.end();) {
      int done = 0;
      MPI_Test(&it->request, &done, MPI_STATUS_IGNORE);
      it = done != 0 ? sends_.erase(it) : std::next(it);
    }
  }

  const SweepPlan& plan_;
  int threads_;
  std::deque<Range> queue_;
  std::optional<Job> job_;
  std::list<PendingSend> sends_;  // a list: MPI holds pointers into the buffers
  std::atomic<bool> abandon_{false};
  bool stopped_ = false;
};

// ---------------------------------------------------------------------------
// Rank 0: hands out batches, keeps kBatchesPerWorker outstanding per worker,
// computes batches of its own on a helper thread, delivers every unit to the
// sink.

class Coordinator {
 public:
  Coordinator(const SweepPlan& plan, int threads, const std::atomic<bool>* cancel,
              const UnitSink& sink, int ranks)
      : plan_(plan),
        threads_(threads),
        cancel_(cancel),
        sink_(sink),
        ranks_(ranks),
        units_(plan.unit_count()),
        batch_units_(std::max(1, kBatchUnitsPerThread * resolve_thread_count(threads))),
        outstanding_(static_cast<std::size_t>(ranks), 0),
        delivered_(static_cast<std::size_t>(plan.unit_count()), 0) {}

  void run() {
    for (int round = 0; round < kBatchesPerWorker; ++round) {
      for (int worker = 1; worker < ranks_; ++worker) hand_out(worker);
    }
    Backoff backoff;
    for (;;) {
      if (!stopping_ && cancel_ != nullptr && cancel_->load()) stop_workers();
      bool progressed = serve_workers();
      if (local_ && is_ready(*local_)) {
        finish_local();
        progressed = true;
      }
      if (!local_ && !stopping_ && next_ < units_) {
        start_local();
        progressed = true;
      }
      if (!local_ && outstanding_total_ == 0 && (stopping_ || next_ >= units_)) break;
      if (progressed) {
        backoff.reset();
      } else if (local_) {
        local_->wait_for(backoff.next());
      } else {
        std::this_thread::sleep_for(backoff.next());
      }
    }
    if (!stopping_) stop_workers();
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  // Guided self-scheduling: a share of what is left, at most batch_units_.
  Range next_batch() {
    const std::int64_t left = units_ - next_;
    const std::int64_t share = left / (2 * static_cast<std::int64_t>(ranks_));
    const std::int64_t count = std::clamp<std::int64_t>(share, 1, batch_units_);
    const Range batch{next_, next_ + std::min(count, left)};
    next_ = batch.end;
    return batch;
  }

  void hand_out(int worker) {
    if (stopping_ || next_ >= units_) return;
    const Range batch = next_batch();
    const std::int64_t range[2] = {batch.begin, batch.end};
    MPI_Send(range, 2, MPI_INT64_T, worker, kTagWork, MPI_COMM_WORLD);
    ++outstanding_[static_cast<std::size_t>(worker)];
    ++outstanding_total_;
  }

  // Stops handing out work; sent once, after every kTagWork to that worker.
  void stop_workers() {
    stopping_ = true;
    local_stop_.store(true);
    for (int worker = 1; worker < ranks_; ++worker) {
      MPI_Send(nullptr, 0, MPI_BYTE, worker, kTagStop, MPI_COMM_WORLD);
    }
  }

  void fail(std::exception_ptr error) {
    {
      const std::lock_guard<std::mutex> lock(sink_mutex_);
      failed_ = true;
    }
    if (!failure_) failure_ = std::move(error);
    if (!stopping_) stop_workers();
  }

  // Receives every result that has arrived; refills the sender's queue.
  bool serve_workers() {
    bool served = false;
    for (;;) {
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &flag, &status);
      if (flag == 0) return served;
      served = true;
      int count = 0;
      MPI_Get_count(&status, MPI_BYTE, &count);
      std::string bytes(static_cast<std::size_t>(count), '\0');
      MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, kTagResult, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      const auto worker = static_cast<std::size_t>(status.MPI_SOURCE);
      PARLEY_CHECK(outstanding_[worker] > 0, "unexpected result from rank {}", worker);
      --outstanding_[worker];
      --outstanding_total_;
      try {
        deliver(bytes);
      } catch (...) {
        fail(std::current_exception());
      }
      hand_out(status.MPI_SOURCE);
    }
  }

  void deliver(std::string_view bytes) {
    ResultReader reader(bytes);
    const Range batch{reader.get_int(), reader.get_int()};
    std::int64_t units = 0;
    while (!reader.done()) {
      const std::int64_t index = reader.get_int();
      const std::int64_t size = reader.get_int();
      PARLEY_CHECK(batch.begin <= index && index < batch.end, "unit {} outside its batch [{}, {})",
                   index, batch.begin, batch.end);
      std::vector<SessionRecord> records = decode_records(reader.get_bytes(size));
      PARLEY_CHECK(static_cast<std::int64_t>(records.size()) == plan_.unit(index).replicates,
                   "unit {} came back with {} records", index, records.size());
      to_sink(index, std::move(records));
      ++units;
    }
    PARLEY_CHECK(stopping_ || units == batch.end - batch.begin,
                 "batch [{}, {}) came back with {} units", batch.begin, batch.end, units);
  }

  // Serialises sink calls from the local batch's threads and the main thread;
  // after a failure nothing more reaches the sink.
  void to_sink(std::int64_t index, std::vector<SessionRecord>&& records) {
    const std::lock_guard<std::mutex> lock(sink_mutex_);
    if (failed_) return;
    char& seen = delivered_[static_cast<std::size_t>(index)];
    PARLEY_CHECK(seen == 0, "unit {} delivered twice", index);
    seen = 1;
    try {
      sink_(index, std::move(records));
    } catch (...) {
      failed_ = true;
      throw;
    }
  }

  void start_local() {
    const Range batch = next_batch();
    local_ = std::async(std::launch::async, [this, batch] {
      execute_units(plan_, batch.begin, batch.end, threads_, &local_stop_,
                    [this](std::int64_t index, std::vector<SessionRecord>&& records) {
                      to_sink(index, std::move(records));
                    });
    });
  }

  void finish_local() {
    try {
      local_->get();
    } catch (...) {
      fail(std::current_exception());
    }
    local_.reset();
  }

  const SweepPlan& plan_;
  int threads_;
  const std::atomic<bool>* cancel_;
  const UnitSink& sink_;
  int ranks_;
  std::int64_t units_;
  std::int64_t batch_units_;
  std::int64_t next_ = 0;         // first unit not handed out yet
  std::vector<int> outstanding_;  // batches per worker rank
  int outstanding_total_ = 0;
  std::optional<std::future<void>> local_;
  std::atomic<bool> local_stop_{false};
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::mutex sink_mutex_;
  bool failed_ = false;          // guarded by sink_mutex_
  std::vector<char> delivered_;  // guarded by sink_mutex_
};

}  // namespace

bool MpiContext::launched_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

MpiContext::MpiContext(int* argc, char*** argv) {
  if (!launched_by_mpirun()) return;
  int initialized = 0;
  MPI_Initialized(&initialized);
  int provided = MPI_THREAD_SINGLE;
  if (initialized == 0) {
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    owns_init_ = true;
  } else {
    MPI_Query_thread(&provided);
  }
  if (provided < MPI_THREAD_FUNNELED) {
    if (owns_init_) MPI_Finalize();
    throw std::runtime_error("the MPI library does not support MPI_THREAD_FUNNELED");
  }
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiContext::~MpiContext() {
  if (!owns_init_) return;
  // Left by an exception while other ranks may be waiting in a collective or
  // for a message: MPI_Finalize would hang them, so end them all.
  if (std::uncaught_exceptions() > 0 && size_ > 1) abort(1);
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized == 0) MPI_Finalize();
}

void MpiContext::abort(int code) const {
  std::fflush(stdout);
  std::fflush(stderr);
  if (active_) MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

void execute_units_mpi(const SweepPlan& plan, int threads, const std::atomic<bool>* cancel,
                       const UnitSink& sink, const MpiContext& mpi) {
  if (!mpi.active() || mpi.size() == 1) {
    execute_units(plan, 0, plan.unit_count(), threads, cancel, sink);
    return;
  }
  check_same_plan(plan);
  if (mpi.rank() == 0) {
    Coordinator(plan, threads, cancel, sink, mpi.size()).run();
    return;
  }
  try {
    Worker(plan, threads).run();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "parley: MPI rank %d of %d failed: %s\n", mpi.rank(), mpi.size(),
                 error.what());
    mpi.abort(1);
  } catch (...) {
    std::fprintf(stderr, "parley: MPI rank %d of %d failed with an unknown exception\n", mpi.rank(),
                 mpi.size());
    mpi.abort(1);
  }
}

}  // namespace parley
