#include "output/output_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace fs = std::filesystem;

namespace {

fs::path parent_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// What is at `path`, for a message ("a file", "a symbolic link to X"); "" when nothing.
std::string what_is_at(const fs::path& path) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(path, error);
  if (error || !fs::exists(status)) return {};
  if (fs::is_symlink(status)) {
    const fs::path target = fs::read_symlink(path, error);
    const bool dangling = !fs::exists(path, error);
    return fmt::format("a symbolic link to {}{}", target.string(),
                       dangling ? ", which does not exist" : "");
  }
  if (fs::is_directory(status)) return "a folder";
  if (fs::is_regular_file(status)) return "a file";
  return "something other than a folder";
}

[[noreturn]] void refuse_existing(const fs::path& path, const std::string& what) {
  if (what == "a folder") {
    throw OutputError(fmt::format(
        "output folder {} already exists; choose another --out (parley never overwrites a "
        "previous run)",
        path.string()));
  }
  throw OutputError(fmt::format(
      "--out {} is {}; give the path of a new folder (parley never writes through a link or "
      "over a file)",
      path.string(), what));
}

// A real directory (not a link to one) owned by this user.
bool own_directory(const fs::path& path) {
  struct stat status {};
  return ::lstat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode) &&
         status.st_uid == ::geteuid();
}

// The PID written in a lock file (0 when unreadable).
long pid_in(int fd) {
  char text[64] = {};
  const ssize_t got = ::pread(fd, text, sizeof(text) - 1, 0);
  if (got <= 0) return 0;
  return std::strtol(text, nullptr, 10);
}

// Opens (creating) `partial/.lock` without following a link.
int open_lock_file(const fs::path& partial) {
  const fs::path lock = partial / ".lock";
  return ::open(lock.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
}

// Takes the lock of a fresh or resumable partial folder and writes this PID into it.
bool try_lock(int fd) {
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) return false;
  const std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return true;
}

// Whether the process that made the partial folder `partial` (named
// `.X.partial-PID`) has ended: its lock is free, or, when it has no lock file
// (killed before it made one; a parley older than the lock), the PID is gone.
bool owner_has_ended(const fs::path& partial, long pid) {
  const fs::path lock = partial / ".lock";
  const int fd = ::open(lock.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);  // releases the lock taken for the test
    return free;
  }
  if (pid == ::getpid()) return true;  // a folder of a process that had this PID before
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

fs::path OutputFolder::normalise(std::string_view given) {
  if (given.empty()) {
    throw UsageError("--out is empty; give the path of the folder to create");
  }
  fs::path path = fs::path(std::string(given)).lexically_normal();
  while (!path.has_filename() && path.has_relative_path()) path = path.parent_path();
  const std::string name = path.filename().string();
  if (name.empty() || name == "." || name == "..") {
    throw UsageError(fmt::format(
        "--out \"{}\" names no new folder (it is the current folder, a parent or the root); give "
        "the path of the folder to create",
        given));
  }
  return path;
}

fs::path OutputFolder::resumable_partial_path(const fs::path& final_path) {
  return parent_of(final_path) / fmt::format(".{}.partial", final_path.filename().string());
}

int OutputFolder::remove_stale_partials(const fs::path& parent, const Notice& notice) {
  std::error_code error;
  fs::directory_iterator entries(parent, error);
  if (error) return 0;
  int removed = 0;
  std::set<std::string> freed_names;
  std::set<std::string> live_names;
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    // `.NAME.partial-PID`
    const std::size_t marker = name.rfind(".partial-");
    if (name.size() < 2 || name[0] != '.' || marker == std::string::npos || marker < 2) continue;
    const std::string digits = name.substr(marker + 9);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
        digits.size() > 9) {
      continue;
    }
    const std::string final_name = name.substr(1, marker - 1);
    if (!own_directory(entry.path())) continue;
    const long pid = std::stol(digits);
    if (!owner_has_ended(entry.path(), pid)) {
      live_names.insert(final_name);
      continue;
    }
    if (fs::exists(entry.path() / "manifest.json", error)) {
      live_names.insert(final_name);
      if (notice) {
        notice(fmt::format(
            "note: {} holds the finished results of an earlier run (process {}) that could not be "
            "moved to {}; they are left there for you to move",
            entry.path().string(), pid, (parent / final_name).string()));
      }
      continue;
    }
    fs::remove_all(entry.path(), error);
    if (error) continue;
    ++removed;
    freed_names.insert(final_name);
    if (notice) {
      notice(fmt::format("note: removed {}, left by an interrupted run (process {} has ended)",
                         entry.path().string(), pid));
    }
  }
  // The empty folder such a run had reserved under the final name goes too
  // (rmdir removes only an empty folder), unless a live run reserved it.
  for (const std::string& final_name : freed_names) {
    if (live_names.count(final_name) > 0) continue;
    const fs::path reserved = parent / final_name;
    if (own_directory(reserved)) ::rmdir(reserved.c_str());
  }
  return removed;
}

OutputFolder::OutputFolder(const fs::path& final_path, Options options) : mode_(options.mode) {
  const fs::path base = normalise(final_path.string());
  const fs::path parent = parent_of(base);
  std::error_code error;
  fs::create_directories(parent, error);
  if (error || !fs::is_directory(parent, error)) {
    throw OutputError(fmt::format("cannot create folder {}: {}", parent.string(),
                                  error ? error.message() : "a file has that name"));
  }
  if (mode_ == Mode::kFresh) {
    open_fresh(base, options);
  } else {
    open_resumable(base, options);
  }
}

void OutputFolder::open_fresh(const fs::path& base, const Options& options) {
  const fs::path parent = parent_of(base);
  remove_stale_partials(parent, options.notice);
  // Reserve the final name: mkdir either creates it or fails, atomically.
  for (int k = 1;; ++k) {
    fs::path candidate = base;
    if (k > 1) candidate += fmt::format("-{}", k);
    if (::mkdir(candidate.c_str(), 0755) == 0) {
      final_path_ = candidate;
      reserved_ = true;
      break;
    }
    const int error = errno;
    if (error == EEXIST && options.first_free) continue;
    if (error == EEXIST) refuse_existing(candidate, what_is_at(candidate));
    throw OutputError(
        fmt::format("cannot create folder {}: {}", candidate.string(), std::strerror(error)));
  }
  partial_path_ =
      parent / fmt::format(".{}.partial-{}", final_path_.filename().string(), ::getpid());
  std::error_code ignored;
  if (own_directory(partial_path_)) fs::remove_all(partial_path_, ignored);
  if (::mkdir(partial_path_.c_str(), 0755) != 0) {
    const int error = errno;
    ::rmdir(final_path_.c_str());
    throw OutputError(
        fmt::format("cannot create folder {}: {}", partial_path_.string(), std::strerror(error)));
  }
  // The lock tells a later run that this folder's process is alive.
  lock_fd_ = open_lock_file(partial_path_);
  if (lock_fd_ >= 0 && !try_lock(lock_fd_)) {
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
}

bool OutputFolder::lock(const fs::path& partial, long* owner) {
  const int fd = open_lock_file(partial);
  if (fd < 0) {
    throw OutputError(fmt::format("cannot open the lock file {}: {}", (partial / ".lock").string(),
                                  std::strerror(errno)));
  }
  if (!try_lock(fd)) {
    *owner = pid_in(fd);
    ::close(fd);
    return false;
  }
  lock_fd_ = fd;
  return true;
}

void OutputFolder::open_resumable(const fs::path& base, const Options& options) {
  int races = 0;  // another process made or locked a partial folder between two of our steps
  const auto look_again = [&](int& k) {
    if (++races > 100) {
      throw OutputError(
          fmt::format("cannot claim a partial folder next to {}: other processes "
                      "keep taking it",
                      base.string()));
    }
    --k;
  };
  for (int k = 1;; ++k) {
    fs::path candidate = base;
    if (k > 1) candidate += fmt::format("-{}", k);
    const std::string final_what = what_is_at(candidate);
    if (!final_what.empty()) {
      if (options.first_free && !options.resume) continue;
      refuse_existing(candidate, final_what);
    }
    const fs::path partial = resumable_partial_path(candidate);
    const std::string partial_what = what_is_at(partial);
    if (partial_what.empty()) {
      if (::mkdir(partial.c_str(), 0755) != 0) {
        if (errno == EEXIST) {  // another process made it just now: look again
          look_again(k);
          continue;
        }
        throw OutputError(
            fmt::format("cannot create folder {}: {}", partial.string(), std::strerror(errno)));
      }
      long owner = 0;
      if (!lock(partial, &owner)) {  // taken between mkdir and lock: look again
        look_again(k);
        continue;
      }
      final_path_ = candidate;
      partial_path_ = partial;
      return;
    }
    if (partial_what != "a folder" || !own_directory(partial)) {
      throw OutputError(fmt::format(
          "{} is {}, not a partial folder of parley's; parley does not follow it — remove it "
          "or choose another --out",
          partial.string(),
          partial_what == "a folder" ? "a folder of another user" : partial_what));
    }
    long owner = 0;
    if (!lock(partial, &owner)) {
      const std::string who = owner > 0 ? fmt::format("process {}", owner) : "another process";
      if (options.first_free && !options.resume) {
        if (options.notice) {
          options.notice(
              fmt::format("note: {} is in use by {} (a sweep into {}); writing to the "
                          "next free name",
                          partial.string(), who, candidate.string()));
        }
        continue;
      }
      throw OutputError(fmt::format(
          "{} is in use by {}, a sweep writing {}; wait for it to finish, or choose another --out",
          partial.string(), who, candidate.string()));
    }
    if (!options.resume) {
      if (options.first_free) {
        ::close(lock_fd_);
        lock_fd_ = -1;
        if (options.notice) {
          options.notice(fmt::format(
              "note: {} holds an interrupted sweep into {} (continue it with --resume --out {}); "
              "this sweep writes to the next free name",
              partial.string(), candidate.string(), candidate.string()));
        }
        continue;
      }
      ::close(lock_fd_);
      lock_fd_ = -1;
      throw OutputError(fmt::format(
          "{} holds an interrupted sweep into {}: continue it with --resume (same scenario, "
          "options and --out), or choose another --out",
          partial.string(), candidate.string()));
    }
    final_path_ = candidate;
    partial_path_ = partial;
    resumed_ = true;
    keep_ = true;  // never throw away work found on disk
    return;
  }
}

OutputFolder::~OutputFolder() {
  std::error_code ignored;
  if (!committed_ && !(mode_ == Mode::kResumable && keep_)) fs::remove_all(partial_path_, ignored);
  if (!committed_ && reserved_) ::rmdir(final_path_.c_str());
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

FileDigest OutputFolder::write_file(const std::string& name,
                                    const std::function<void(std::ostream&)>& write) {
  const fs::path path = partial_path_ / name;
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) {
    throw OutputError(
        fmt::format("cannot create folder {}: {}", path.parent_path().string(), error.message()));
  }
  return write_file_atomically(path, write);
}

namespace {

// renameat2(RENAME_NOREPLACE): 0, or −1 with errno. The WebAssembly build's C
// library has no renameat2: ENOSYS there, as on a kernel without it.
int rename_without_replacing(const fs::path& from, const fs::path& to) {
#if defined(__EMSCRIPTEN__)
  static_cast<void>(from);
  static_cast<void>(to);
  errno = ENOSYS;
  return -1;
#else
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
#endif
}

}  // namespace

void OutputFolder::commit() {
  if (mode_ == Mode::kFresh) {
    // The reservation must still be the empty folder made at the start; rename
    // replaces an empty folder atomically and fails on anything else.
    std::error_code ignored;
    fs::remove(partial_path_ / ".lock", ignored);
    if (::rename(partial_path_.c_str(), final_path_.c_str()) != 0) {
      const int error = errno;
      committed_ = true;  // keep the finished results where they are
      throw OutputError(fmt::format(
          "cannot move the results to {} ({}: something was put there while the run was "
          "writing); they are complete in {}",
          final_path_.string(), std::strerror(error), partial_path_.string()));
    }
    committed_ = true;
    reserved_ = false;
    return;
  }
  // Resumable: never replace anything that appeared under the final name.
  if (rename_without_replacing(partial_path_, final_path_) != 0) {
    const int error = errno;
    bool moved = false;
    if (error == EINVAL || error == ENOSYS) {  // a file system without RENAME_NOREPLACE
      std::error_code status_error;
      if (!fs::exists(fs::symlink_status(final_path_, status_error))) {
        moved = ::rename(partial_path_.c_str(), final_path_.c_str()) == 0;
      }
    }
    if (!moved) {
      keep_ = true;
      throw OutputError(fmt::format(
          "cannot move the finished sweep to {} ({}); it is complete in {} — run the same "
          "command with --resume once {} is out of the way",
          final_path_.string(),
          error == EEXIST || error == ENOTEMPTY ? "something appeared there" : std::strerror(error),
          partial_path_.string(), final_path_.string()));
    }
  }
  committed_ = true;
  std::error_code ignored;
  fs::remove(final_path_ / ".lock", ignored);
}

std::filesystem::path copy_output_folder(const std::filesystem::path& from,
                                         const std::filesystem::path& to) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(from, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(error) && !name.starts_with(".")) names.push_back(name);
  }
  if (error) throw OutputError(fmt::format("cannot read {}: {}", from.string(), error.message()));
  std::sort(names.begin(), names.end());
  OutputFolder folder(to);
  for (const std::string& name : names) {
    std::ifstream in(from / name, std::ios::binary);
    if (!in) throw OutputError(fmt::format("cannot read {}", (from / name).string()));
    folder.write_file(name, [&](std::ostream& out) {
      // (Inserting an empty stream buffer would set failbit.)
      if (in.peek() != std::ifstream::traits_type::eof()) out << in.rdbuf();
    });
  }
  folder.commit();
  return folder.final_path();
}

}  // namespace parley
