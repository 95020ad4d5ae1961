// Resource probing for runs and sweeps (simulation/resources.hpp): the
// estimate of what a run needs, what /proc, the cgroup and the address-space
// limit leave, and the checks that refuse a run that would not fit.
#include "simulation/resources.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "output/csv_writer.hpp"
#include "output/summary.hpp"
#include "record/record_schema.hpp"
#include "record/session_record.hpp"

namespace parley {
namespace fs = std::filesystem;

namespace {

// Bytes malloc hands out for a request of `n` (glibc: 16-byte chunks, 32 at least).
double heap_bytes(std::size_t n) {
  if (n == 0) return 0.0;
  return static_cast<double>(std::max<std::size_t>(32, (n + 8 + 15) / 16 * 16));
}

std::string human_bytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  std::size_t unit = 0;
  while (bytes >= 1000.0 && unit + 1 < std::size(kUnits)) {
    bytes /= 1000.0;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, kUnits[unit]);
}

// The first number of the line of `file` that starts with `key` (0 when absent).
double read_number_after(const fs::path& file, std::string_view key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    const std::size_t digit = line.find_first_of("0123456789", key.size());
    if (digit == std::string::npos) return 0.0;
    return std::strtod(line.c_str() + digit, nullptr);
  }
  return 0.0;
}

}  // namespace

ResourceEstimate estimate_resources(const Scenario& scenario, const SweepPoints& points,
                                    std::int64_t points_to_run, std::int64_t points_in_output,
                                    std::int64_t replicates, int threads) {
  ResourceEstimate e;
  e.points_to_run = points_to_run;
  e.points_in_output = points_in_output;
  e.replicates = replicates;
  e.points_in_flight = static_cast<int>(
      std::clamp<std::int64_t>(std::min<std::int64_t>(points_to_run, threads), 1, 1 << 20));
  // The record and, per member of its field table (record/record_schema.hpp)
  // that holds one element per item, that array on the heap.
  e.record_bytes = static_cast<double>(sizeof(SessionRecord));
  for_each_row([&](const auto& row) {
    using Row = std::remove_cvref_t<decltype(row)>;
    if constexpr (Row::kIsMember) {
      if constexpr (Row::kAxis != Axis::kNone) {
        using Element = std::remove_cvref_t<decltype(std::declval<typename Row::Type&>()[0])>;
        e.record_bytes += heap_bytes(sizeof(Element) * axis_length(scenario, Row::kAxis));
      }
    }
  });
  std::size_t design_cells = 0;
  for (int axis = 0; axis < points.axis_count(); ++axis) {
    std::size_t widest = 24;  // a double written shortest ("-0.12345678901234567")
    if (points.point_count() > 0) {
      widest = std::max({widest, points.csv_value(0, axis).size(),
                         points.csv_value(points.point_count() - 1, axis).size()});
    }
    design_cells += widest + 1;
  }
  e.outcome_row_bytes = static_cast<double>(
      outcome_row_bytes_bound(scenario, design_cells, points.point_count(), replicates));
  e.summary_bytes =
      static_cast<double>(summary_bytes_bound(scenario, design_cells, points.point_count()));
  const double r = static_cast<double>(replicates);
  // Records and rows of each point in flight; the rows are built in a string
  // and copied once for the spool; summarising a metric sorts one copy of it.
  e.memory_bytes =
      e.points_in_flight * r * (e.record_bytes + 2.0 * e.outcome_row_bytes) + 2.0 * 8.0 * r;
  const double point_bytes = r * e.outcome_row_bytes + e.summary_bytes;
  e.disk_bytes =
      (static_cast<double>(points_to_run) + static_cast<double>(points_in_output)) * point_bytes +
      64.0 * 1024.0;  // manifest.json and friends
  return e;
}

namespace {

// A glibc malloc arena's reservation (HEAP_MAX_SIZE).
constexpr double kArenaBytes = sizeof(long) == 8 ? 64.0 * 1024 * 1024 : 1024.0 * 1024;

// An address-space limit (RLIMIT_AS, `ulimit -v`) and what it must hold.
struct AddressSpace {
  double limit_bytes = 0.0;
  double mapped_bytes = 0.0;  // the process's mappings now (VmSize)
  double stack_bytes = 0.0;   // a new thread's stack with its guard page
  int max_new_arenas = 0;     // malloc arenas glibc may still create
};

// The limit with what counts against it; nothing when there is no limit.
std::optional<AddressSpace> address_space_limit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  AddressSpace space;
  space.limit_bytes = static_cast<double>(limit.rlim_cur);
  space.mapped_bytes = 1024.0 * read_number_after("/proc/self/status", "VmSize:");  // kB
  // std::thread uses the default attributes: their stack size (from `ulimit -s`).
  std::size_t stack = std::size_t{8} << 20;
  pthread_attr_t defaults;
  if (::pthread_getattr_default_np(&defaults) == 0) {
    std::size_t size = 0;
    if (::pthread_attr_getstacksize(&defaults, &size) == 0 && size > 0) stack = size;
    ::pthread_attr_destroy(&defaults);
  }
  space.stack_bytes =
      static_cast<double>(stack) + static_cast<double>(std::max(::sysconf(_SC_PAGESIZE), 1L));
  // glibc: at most MALLOC_ARENA_MAX arenas, by default 8 per processor, the
  // main arena (the calling thread's) included.
  long arenas = 8 * std::max(::sysconf(_SC_NPROCESSORS_ONLN), 1L);
  if (const char* max = std::getenv("MALLOC_ARENA_MAX"); max != nullptr && std::atol(max) > 0)
    arenas = std::atol(max);
  space.max_new_arenas = static_cast<int>(std::clamp(arenas - 1, 0L, 1L << 20));
  return space;
}

}  // namespace

double worker_threads_address_space(int threads, double stack_bytes, int max_new_arenas) {
  if (threads <= 1) return 0.0;  // execute_units runs a single worker in the calling thread
  const int arenas = std::min(threads, std::max(max_new_arenas, 0));
  return threads * stack_bytes + arenas * kArenaBytes + (arenas > 0 ? kArenaBytes : 0.0);
}

double address_space_headroom(double limit_bytes, double mapped_bytes, double threads_bytes) {
  return limit_bytes - mapped_bytes - threads_bytes;
}

void check_address_space(int threads) {
  const std::optional<AddressSpace> space = address_space_limit();
  if (!space || threads <= 1) return;
  const auto need = [&](int k) {
    return worker_threads_address_space(k, space->stack_bytes, space->max_new_arenas);
  };
  const double left = space->limit_bytes - space->mapped_bytes;
  if (need(threads) <= left) return;
  int fits = 1;
  while (fits + 1 < threads && need(fits + 1) <= left) ++fits;
  const bool arenas = space->max_new_arenas > 0;
  throw OutputError(fmt::format(
      "{} worker threads would need about {} of address space before any data — a stack of {}{} "
      "each{} — but the address-space limit (ulimit -v) of {} leaves {} beside the {} this "
      "process maps already; run with --threads {}{}, or raise the limit",
      threads, human_bytes(need(threads)), human_bytes(space->stack_bytes),
      arenas ? fmt::format(" and a malloc arena of {}", human_bytes(kArenaBytes)) : "",
      arenas ? fmt::format(", and {} more while an arena is set up", human_bytes(kArenaBytes)) : "",
      human_bytes(space->limit_bytes), human_bytes(std::max(left, 0.0)),
      human_bytes(space->mapped_bytes), fits, fits == 1 ? " (no extra thread)" : ""));
}

double available_memory_bytes(int threads) {
  double available = 1024.0 * read_number_after("/proc/meminfo", "MemAvailable:");  // kB
  if (available <= 0.0) {
    const long pages = ::sysconf(_SC_AVPHYS_PAGES);
    const long page = ::sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0) available = static_cast<double>(pages) * static_cast<double>(page);
  }
  // A container's limit (cgroup v2): "max" reads as no number, i.e. no limit.
  const double limit = read_number_after("/sys/fs/cgroup/memory.max", "");
  if (limit > 0.0) {
    const double used = read_number_after("/sys/fs/cgroup/memory.current", "");
    const double left = std::max(0.0, limit - used);
    if (available <= 0.0 || left < available) available = left;
  }
  // An address-space limit counts mappings, not the pages used.
  if (const std::optional<AddressSpace> space = address_space_limit()) {
    const double left = address_space_headroom(
        space->limit_bytes, space->mapped_bytes,
        worker_threads_address_space(threads, space->stack_bytes, space->max_new_arenas));
    // 0 would read as "unknown": nothing left is reported as one byte.
    if (available <= 0.0 || left < available) available = std::max(left, 1.0);
  }
  return std::max(0.0, available);
}

void check_memory(const ResourceEstimate& need, double available, std::string_view command) {
  if (available <= 0.0 || need.memory_bytes <= available) return;
  const double per_replicate = need.record_bytes + 2.0 * need.outcome_row_bytes;
  const double per_point_replicate = need.points_in_flight * per_replicate + 16.0;
  const auto fit = static_cast<std::int64_t>(0.8 * available / per_point_replicate);
  if (command == "run") {
    throw OutputError(fmt::format(
        "parley run would need about {} of memory — {} replicates × about {} each (a "
        "replicate's record and its outcomes.csv row are held until the run is summarised) — "
        "but {} is available; run fewer replicates ({}), or split them over several runs with "
        "different --seed",
        human_bytes(need.memory_bytes), need.replicates, human_bytes(per_replicate),
        human_bytes(available),
        fit >= 1 ? fmt::format("--replicates {} would fit", fit) : "even one does not fit"));
  }
  throw OutputError(fmt::format(
      "parley sweep would need about {} of memory — {} point(s) in flight (one per thread) × {} "
      "replicates × about {} each — but {} is available; run fewer replicates per point ({}) or "
      "fewer points at once (--threads 1)",
      human_bytes(need.memory_bytes), need.points_in_flight, need.replicates,
      human_bytes(per_replicate), human_bytes(available),
      fit >= 1 ? fmt::format("--replicates {} would fit", fit) : "even one does not fit"));
}

void check_disk(const ResourceEstimate& need, double available, const fs::path& where) {
  if (available <= 0.0 || need.disk_bytes <= available) return;
  throw OutputError(fmt::format(
      "the outputs would need up to {} of disk in {} — {} point(s) × {} replicates × up to {} "
      "per outcomes.csv row, written once to a spool and once into outcomes.csv — but {} is "
      "free there; run fewer points or replicates, or write to a disk with more space (--out)",
      human_bytes(need.disk_bytes), where.string(), need.points_in_output, need.replicates,
      human_bytes(need.outcome_row_bytes), human_bytes(available)));
}

}  // namespace parley
