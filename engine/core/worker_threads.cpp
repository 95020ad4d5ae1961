#include "core/worker_threads.hpp"

#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace parley {

int resolve_thread_count(int requested) {
  if (requested > 0) return requested;
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

void run_workers(int workers, const std::function<void()>& worker,
                 const std::function<void()>& stop) {
  std::vector<std::thread> pool;
  std::exception_ptr start_failure;
  try {
    pool.reserve(static_cast<std::size_t>(workers));
    for (int t = 0; t < workers; ++t) pool.emplace_back(worker);
  } catch (...) {
    start_failure = std::current_exception();
    stop();
  }
  for (auto& thread : pool) thread.join();
  if (start_failure) {
    try {
      std::rethrow_exception(start_failure);
    } catch (const std::system_error& error) {
      throw std::system_error(error.code(), fmt::format("cannot start worker thread {} of {}",
                                                        pool.size() + 1, workers));
    }
  }
}

}  // namespace parley
