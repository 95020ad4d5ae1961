#include "output/temporary_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace fs = std::filesystem;

namespace {

// Whether the owner of the leftover folder `folder` has ended (see the header).
bool abandoned(const fs::path& folder, std::string_view suffix) {
  const fs::path lock = folder / ".lock";
  const int fd = ::open(lock.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return free;
  }
  // The old form `PREFIX-PID`, or a folder killed before its lock was made.
  if (suffix.empty() || suffix.find_first_not_of("0123456789") != std::string_view::npos ||
      suffix.size() > 9) {
    struct stat status {};
    // A new-form folder without a lock: abandoned once it is a minute old.
    return ::lstat(folder.c_str(), &status) == 0 && status.st_mtime + 60 < ::time(nullptr);
  }
  const long pid = std::strtol(std::string(suffix).c_str(), nullptr, 10);
  if (pid == ::getpid()) return true;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

void remove_leftovers(const fs::path& base, const std::string& prefix,
                      const std::function<void(const std::string&)>& notice) {
  std::error_code error;
  fs::directory_iterator entries(base, error);
  if (error) return;
  const std::string start = prefix + "-";
  std::vector<fs::path> stale;
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(start, 0) != 0) continue;
    struct stat status {};
    if (::lstat(entry.path().c_str(), &status) != 0 || !S_ISDIR(status.st_mode) ||
        status.st_uid != ::geteuid()) {
      continue;  // not a folder of this user (a link is never followed)
    }
    if (abandoned(entry.path(), std::string_view(name).substr(start.size())))
      stale.push_back(entry.path());
  }
  for (const fs::path& folder : stale) {
    fs::remove_all(folder, error);
    if (!error && notice) {
      notice(
          fmt::format("note: removed {}, left by an interrupted parley process", folder.string()));
    }
  }
}

}  // namespace

fs::path TemporaryFolder::base_directory() {
  const char* tmpdir = std::getenv("TMPDIR");
  if (tmpdir != nullptr && tmpdir[0] == '/') return fs::path(tmpdir);
  return fs::path("/tmp");
}

TemporaryFolder::TemporaryFolder(const std::string& prefix,
                                 const std::function<void(const std::string&)>& notice) {
  const fs::path base = base_directory();
  remove_leftovers(base, prefix, notice);
  std::string pattern = (base / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw OutputError(fmt::format("cannot create a temporary folder in {} ($TMPDIR): {}",
                                  base.string(), std::strerror(errno)));
  }
  path_ = pattern;
  const fs::path lock = path_ / ".lock";
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (lock_fd_ >= 0 && ::flock(lock_fd_, LOCK_EX | LOCK_NB) == 0) {
    const std::string pid = fmt::format("{}\n", ::getpid());
    [[maybe_unused]] const ssize_t written = ::write(lock_fd_, pid.data(), pid.size());
  }
}

TemporaryFolder::~TemporaryFolder() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace parley
