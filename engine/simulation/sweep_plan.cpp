#include "simulation/sweep_plan.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/worker_threads.hpp"
#include "parsing/scenario_parser.hpp"
#include "record/record_schema.hpp"
#include "simulation/replicate_runner.hpp"
#include "simulation/session.hpp"

namespace parley {

SweepPlan::SweepPlan(const Scenario& base, const SweepPoints& points, std::int64_t replicates,
                     std::uint64_t seed, bool analysis, std::vector<std::int64_t> pending)
    : base_(base),
      points_(points),
      replicates_(replicates),
      seed_(seed),
      analysis_(analysis),
      pending_(std::move(pending)),
      units_per_point_((replicates_ + kUnitReplicates - 1) / kUnitReplicates) {}

WorkUnit SweepPlan::unit(std::int64_t index) const {
  const std::int64_t point = pending_[static_cast<std::size_t>(index / units_per_point_)];
  const std::int64_t first = (index % units_per_point_) * kUnitReplicates;
  return {point, first, std::min(kUnitReplicates, replicates_ - first)};
}

Scenario SweepPlan::point_scenario(std::int64_t point) const {
  Scenario scenario = base_;
  std::vector<std::string> assignments;
  for (int axis = 0; axis < points_.axis_count(); ++axis)
    assignments.push_back(points_.assignment(point, axis));
  // One batch on a fresh copy of the base: structural values first, one
  // validation (apply_point). The values are design columns, not overrides.
  try {
    apply_point(scenario, assignments);
  } catch (const UsageError& bad) {
    std::string message = bad.what();
    if (message.rfind("--set ", 0) == 0) message.erase(0, 6);
    throw UsageError(fmt::format("sweep point {}: {}", point, message));
  }
  return scenario;
}

void execute_units(const SweepPlan& plan, std::int64_t begin, std::int64_t end, int threads,
                   const std::atomic<bool>* cancel, const UnitSink& sink) {
  if (begin >= end) return;
  const int workers =
      static_cast<int>(std::min<std::int64_t>(resolve_thread_count(threads), end - begin));
  std::atomic<std::int64_t> next{begin};
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  std::mutex mutex;  // serialises sink calls and guards `failure`

  auto worker = [&]() {
    try {
      // A session is built per point and reused while consecutive units stay on it.
      std::int64_t session_point = -1;
      std::unique_ptr<Scenario> scenario;
      std::unique_ptr<Session> session;
      for (;;) {
        if (failed.load() || (cancel != nullptr && cancel->load())) return;
        const std::int64_t index = next.fetch_add(1);
        if (index >= end) return;
        const WorkUnit unit = plan.unit(index);
        if (unit.point != session_point) {
          session.reset();
          scenario.reset();
          scenario = std::make_unique<Scenario>(plan.point_scenario(unit.point));
          session = std::make_unique<Session>(*scenario);
          session->set_analysis(plan.analysis());
          // Checked every round: a cancel, or another worker's failure, stops
          // even a replicate of a hundred million rounds promptly.
          session->set_cancel(cancel, &failed);
          session_point = unit.point;
        }
        std::vector<SessionRecord> records(static_cast<std::size_t>(unit.replicates));
        for (std::int64_t r = 0; r < unit.replicates; ++r) {
          records[static_cast<std::size_t>(r)] =
              session->run(plan.seed(), static_cast<std::uint64_t>(unit.point),
                           static_cast<std::uint64_t>(unit.first_replicate + r));
        }
        const std::lock_guard<std::mutex> lock(mutex);
        sink(index, std::move(records));
      }
    } catch (const RunCancelled&) {
      // Stopped in a round by the flags: the unit is dropped, as if not begun.
      // The caller sees the cancel flag; a failure is already recorded.
    } catch (...) {
      const std::lock_guard<std::mutex> lock(mutex);
      if (!failure) failure = std::current_exception();
      failed.store(true);
    }
  };

  if (workers <= 1) {
    worker();
  } else {
    run_workers(workers, worker, [&]() { failed.store(true); });
  }
  if (failure) std::rethrow_exception(failure);
}

// ---- record encoding -------------------------------------------------------
// Every member of the record, in the order of its table (record/record_schema.hpp),
// so encoder and decoder cannot drift apart and a new member travels too.

namespace {

class Encoder {
 public:
  explicit Encoder(std::string& bytes) : bytes_(bytes) {}
  template <class T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* raw = reinterpret_cast<const char*>(&value);
    bytes_.append(raw, sizeof(T));
  }
  void put(const Eigen::VectorXd& vector) {
    put(static_cast<std::int64_t>(vector.size()));
    bytes_.append(reinterpret_cast<const char*>(vector.data()),
                  static_cast<std::size_t>(vector.size()) * sizeof(double));
  }
  template <class T>
  void put(const std::vector<T>& items) {
    put(static_cast<std::int64_t>(items.size()));
    bytes_.append(reinterpret_cast<const char*>(items.data()), items.size() * sizeof(T));
  }

 private:
  std::string& bytes_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : bytes_(bytes) {}
  template <class T>
  void get(T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::memcpy(&value, take(sizeof(T)), sizeof(T));
  }
  void get(Eigen::VectorXd& vector) {
    vector.resize(static_cast<Eigen::Index>(count()));
    const std::size_t size = static_cast<std::size_t>(vector.size()) * sizeof(double);
    if (size > 0) std::memcpy(vector.data(), take(size), size);
  }
  template <class T>
  void get(std::vector<T>& items) {
    items.resize(count());
    const std::size_t size = items.size() * sizeof(T);
    if (size > 0) std::memcpy(items.data(), take(size), size);
  }
  bool done() const { return offset_ == bytes_.size(); }

 private:
  std::size_t count() {
    std::int64_t n = 0;
    get(n);
    if (n < 0 || static_cast<std::size_t>(n) > bytes_.size())
      throw std::runtime_error("corrupt record encoding (bad length)");
    return static_cast<std::size_t>(n);
  }
  const char* take(std::size_t size) {
    if (bytes_.size() - offset_ < size)
      throw std::runtime_error("corrupt record encoding (truncated)");
    const char* at = bytes_.data() + offset_;
    offset_ += size;
    return at;
  }
  std::string_view bytes_;
  std::size_t offset_ = 0;
};

}  // namespace

std::string encode_records(std::span<const SessionRecord> records) {
  std::string bytes;
  Encoder encoder(bytes);
  encoder.put(static_cast<std::int64_t>(records.size()));
  for (const SessionRecord& record : records)
    for_each_member(record, [&](const auto&, const auto& member) { encoder.put(member); });
  return bytes;
}

std::vector<SessionRecord> decode_records(std::string_view bytes) {
  Decoder decoder(bytes);
  std::int64_t count = 0;
  decoder.get(count);
  if (count < 0 || static_cast<std::size_t>(count) > bytes.size())
    throw std::runtime_error("corrupt record encoding (bad count)");
  std::vector<SessionRecord> records(static_cast<std::size_t>(count));
  for (SessionRecord& record : records)
    for_each_member(record, [&](const auto&, auto& member) { decoder.get(member); });
  if (!decoder.done()) throw std::runtime_error("corrupt record encoding (trailing bytes)");
  return records;
}

}  // namespace parley
