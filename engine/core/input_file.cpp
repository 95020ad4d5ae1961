#include "core/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string human_size(std::uint64_t bytes) {
  if (bytes >= 1024ULL * 1024) return fmt::format("{} MiB", bytes / (1024ULL * 1024));
  return fmt::format("{} bytes", bytes);
}

// Closes the descriptor on every path out.
struct Descriptor {
  int fd = -1;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_input_file(const std::string& path, std::string_view what, std::uint64_t max_bytes,
                            const std::atomic<bool>* cancel, bool follow_links) {
  const auto fail = [&](const std::string& message) -> void {
    throw ScenarioError({path, 0, 0}, message);
  };
  if (path.empty()) fail(fmt::format("expected the path of a {}, found an empty path", what));
  Descriptor file;
  file.fd = ::open(path.c_str(),
                   O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (follow_links ? 0 : O_NOFOLLOW));
  if (file.fd < 0) {
    const int error = errno;
    if (error == ELOOP && !follow_links)
      fail(fmt::format("expected a {}, found a symbolic link (not followed)", what));
    fail(fmt::format("cannot open the {}: {}", what,
                     error == ENOENT ? "no such file" : std::strerror(error)));
  }
  struct stat status {};
  if (::fstat(file.fd, &status) != 0)
    fail(fmt::format("cannot read the {}: {}", what, std::strerror(errno)));
  if (!S_ISREG(status.st_mode))
    fail(fmt::format("expected a {}, found {}", what, kind_of(status.st_mode)));
  const auto size = static_cast<std::uint64_t>(status.st_size);
  const auto too_big = [&](std::uint64_t found) {
    fail(fmt::format("the {} is larger than the limit of {} for input files (found {})", what,
                     human_size(max_bytes), human_size(found)));
  };
  if (size > max_bytes) too_big(size);
  // A regular file never blocks; reading it the ordinary way is simpler.
  const int flags = ::fcntl(file.fd, F_GETFL);
  if (flags >= 0) ::fcntl(file.fd, F_SETFL, flags & ~O_NONBLOCK);

  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(size));
  constexpr std::size_t kChunk = 1 << 20;
  for (;;) {
    if (cancel != nullptr && cancel->load()) throw RunCancelled();
    const std::size_t old_size = bytes.size();
    bytes.resize(old_size + kChunk);
    const ssize_t got = ::read(file.fd, bytes.data() + old_size, kChunk);
    if (got < 0) {
      if (errno == EINTR) {
        bytes.resize(old_size);
        continue;
      }
      fail(fmt::format("cannot read the {}: {}", what, std::strerror(errno)));
    }
    bytes.resize(old_size + static_cast<std::size_t>(got));
    if (got == 0) break;
    if (bytes.size() > max_bytes) too_big(bytes.size());
  }
  bytes.shrink_to_fit();
  return bytes;
}

}  // namespace parley
