// The memory pre-check under an address-space limit (RLIMIT_AS, `ulimit -v`):
// what worker threads map before any data, what is left for the data, and a
// refusal that names the numbers and a thread count that fits.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <fstream>
#include <string>

#include "core/errors.hpp"
#include "simulation/resources.hpp"

namespace parley {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kStack = 8.0 * kMiB + 4096.0;  // glibc's default thread stack and its guard page

// The process's mappings now (VmSize), in bytes.
double mapped_bytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmSize:", 0) == 0) return 1024.0 * std::stod(line.substr(7));
  }
  return 0.0;
}

// Lowers the soft RLIMIT_AS for its lifetime (the hard limit stays, so it can
// be raised back).
class AddressSpaceLimit {
 public:
  explicit AddressSpaceLimit(double bytes) {
    REQUIRE(::getrlimit(RLIMIT_AS, &saved_) == 0);
    struct rlimit lowered = saved_;
    lowered.rlim_cur = static_cast<rlim_t>(bytes);
    REQUIRE(::setrlimit(RLIMIT_AS, &lowered) == 0);
  }
  ~AddressSpaceLimit() { ::setrlimit(RLIMIT_AS, &saved_); }
  AddressSpaceLimit(const AddressSpaceLimit&) = delete;
  AddressSpaceLimit& operator=(const AddressSpaceLimit&) = delete;

 private:
  struct rlimit saved_ {};
};

}  // namespace

TEST_CASE("worker threads map a stack each and a malloc arena each while arenas last",
          "[resources]") {
  // One thread is the calling thread: nothing to add.
  CHECK(worker_threads_address_space(1, kStack, 15) == 0.0);
  CHECK(worker_threads_address_space(0, kStack, 15) == 0.0);
  // Two: two stacks, two 64 MiB arenas and 64 MiB more while one is set up.
  CHECK(worker_threads_address_space(2, kStack, 15) == 2 * kStack + 3 * 64 * kMiB);
  // Arenas run out (8 per processor, MALLOC_ARENA_MAX): later threads share them.
  CHECK(worker_threads_address_space(8, kStack, 3) == 8 * kStack + 4 * 64 * kMiB);
  CHECK(worker_threads_address_space(4, kStack, 0) == 4 * kStack);
}

TEST_CASE("the address space left is the limit less the mappings and the threads", "[resources]") {
  // The case of issue 11, item 20: `ulimit -v 60000` (KiB), about 17 MB mapped
  // at the check, -j 2: the two threads alone need more than is left.
  const double limit = 60000.0 * 1024.0;
  const double threads = worker_threads_address_space(2, kStack, 15);
  CHECK(address_space_headroom(limit, 17.3e6, threads) < 0.0);
  CHECK(address_space_headroom(limit, 17.3e6, worker_threads_address_space(1, kStack, 15)) ==
        Approx(limit - 17.3e6));
  CHECK(address_space_headroom(1e9, 2e8, 3e8) == 5e8);
}

TEST_CASE("the memory pre-check respects the process's address-space limit", "[resources]") {
  const double before = available_memory_bytes(2);
  REQUIRE(before > 0.0);
  {
    // 300 MiB beyond what is mapped: room for the data of one thread, not for
    // two threads' stacks and arenas (about 208 MiB) and much data.
    const AddressSpaceLimit limit(mapped_bytes() + 300 * kMiB);
    const double one = available_memory_bytes(1);
    const double two = available_memory_bytes(2);
    CHECK(one <= 300 * kMiB);
    CHECK(one > 250 * kMiB);  // what the reading itself maps is small
    CHECK(two == Approx(one - worker_threads_address_space(2, kStack, 15)).margin(80 * kMiB));
    CHECK(two < one);
    CHECK_NOTHROW(check_address_space(1));
    CHECK_NOTHROW(check_address_space(2));
    std::string message;
    try {
      check_address_space(4);
    } catch (const OutputError& refused) {
      message = refused.what();
    }
    CHECK_THAT(message, Catch::StartsWith("4 worker threads would need about "));
    CHECK_THAT(message, Catch::Contains("of address space before any data"));
    CHECK_THAT(message, Catch::Contains("address-space limit (ulimit -v)"));
    CHECK_THAT(message, Catch::Contains("run with --threads 3"));  // 3 fit in 280 MiB
  }
  {
    // Less than two threads need: one byte left is reported (0 would mean "unknown").
    const AddressSpaceLimit limit(mapped_bytes() + 20 * kMiB);
    CHECK(available_memory_bytes(2) == 1.0);
    CHECK(available_memory_bytes(1) <= 20 * kMiB);
  }
  // The limit is restored: the machine's memory again.
  CHECK(available_memory_bytes(2) > 300 * kMiB);
}

}  // namespace parley
