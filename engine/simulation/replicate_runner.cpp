#include "simulation/replicate_runner.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include "simulation/session.hpp"

namespace parley {
namespace {
constexpr std::int64_t kBlockSize = 64;
}  // namespace

int resolve_thread_count(int requested) {
  if (requested > 0) return requested;
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

std::vector<SessionRecord> run_replicates(const Scenario& scenario, const RunRequest& request,
                                          const ProgressCallback& progress) {
  const std::int64_t total = request.replicates;
  std::vector<SessionRecord> records(static_cast<std::size_t>(total));
  const std::int64_t blocks = (total + kBlockSize - 1) / kBlockSize;
  const int threads = static_cast<int>(std::min<std::int64_t>(resolve_thread_count(request.threads),
                                                              std::max<std::int64_t>(blocks, 1)));

  std::atomic<std::int64_t> next_block{0};
  std::atomic<std::int64_t> done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  std::mutex mutex;  // guards failure and progress calls

  auto worker = [&]() {
    try {
      Session session(scenario);
      session.set_analysis(request.analysis);
      for (;;) {
        if (failed.load() || (request.cancel != nullptr && request.cancel->load())) return;
        const std::int64_t block = next_block.fetch_add(1);
        if (block >= blocks) return;
        const std::int64_t first = block * kBlockSize;
        const std::int64_t last = std::min(total, first + kBlockSize);
        for (std::int64_t r = first; r < last; ++r) {
          records[static_cast<std::size_t>(r)] =
              session.run(request.seed, request.point, static_cast<std::uint64_t>(r));
        }
        const std::int64_t finished = done.fetch_add(last - first) + (last - first);
        if (progress) {
          const std::lock_guard<std::mutex> lock(mutex);
          progress(finished, total);
        }
      }
    } catch (...) {
      const std::lock_guard<std::mutex> lock(mutex);
      if (!failure) failure = std::current_exception();
      failed.store(true);
    }
  };

  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& thread : pool) thread.join();
  }
  if (failure) std::rethrow_exception(failure);
  if (request.cancel != nullptr && request.cancel->load()) throw RunCancelled();
  return records;
}

}  // namespace parley
