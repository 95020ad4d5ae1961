#include "output/output_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace fs = std::filesystem;

namespace {
fs::path parent_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}
}  // namespace

fs::path OutputFolder::resumable_partial_path(const fs::path& final_path) {
  return parent_of(final_path) / fmt::format(".{}.partial", final_path.filename().string());
}

OutputFolder::OutputFolder(fs::path final_path, Mode mode, bool resume)
    : final_path_(std::move(final_path)), mode_(mode) {
  if (fs::exists(final_path_)) {
    throw OutputError(
        fmt::format("output folder {} already exists; choose another --out (parley never "
                    "overwrites a previous run)",
                    final_path_.string()));
  }
  const fs::path parent = parent_of(final_path_);
  std::error_code error;
  fs::create_directories(parent, error);
  if (error) {
    throw OutputError(fmt::format("cannot create folder {}: {}", parent.string(), error.message()));
  }
  if (mode_ == Mode::kFresh) {
    partial_path_ =
        parent / fmt::format(".{}.partial-{}", final_path_.filename().string(), ::getpid());
    fs::remove_all(partial_path_, error);
  } else {
    partial_path_ = resumable_partial_path(final_path_);
    if (fs::exists(partial_path_)) {
      if (!resume) {
        throw OutputError(fmt::format(
            "{} holds an interrupted run into {}; continue it with --resume (same scenario, "
            "options and --out), or delete that folder",
            partial_path_.string(), final_path_.string()));
      }
      resumed_ = true;
    }
  }
  if (!resumed_ && (!fs::create_directory(partial_path_, error) || error)) {
    throw OutputError(
        fmt::format("cannot create folder {}: {}", partial_path_.string(), error.message()));
  }
  if (mode_ == Mode::kResumable) {
    const fs::path lock = partial_path_ / ".lock";
    lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      if (lock_fd_ >= 0) ::close(lock_fd_);
      lock_fd_ = -1;
      throw OutputError(fmt::format("another parley process is writing {}; wait for it to finish",
                                    partial_path_.string()));
    }
    keep_ = resumed_;  // never throw away work found on disk
  }
}

OutputFolder::~OutputFolder() {
  if (!committed_ && !(mode_ == Mode::kResumable && keep_)) {
    std::error_code ignored;
    fs::remove_all(partial_path_, ignored);
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void OutputFolder::write_file(const std::string& name,
                              const std::function<void(std::ostream&)>& write) {
  const fs::path path = partial_path_ / name;
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) {
    throw OutputError(
        fmt::format("cannot create folder {}: {}", path.parent_path().string(), error.message()));
  }
  fs::path temporary = path;
  temporary += ".tmp";
  // A failed write leaves no half file behind, not even under its temporary name.
  try {
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      if (!out) throw OutputError(fmt::format("cannot open {} for writing", temporary.string()));
      write(out);
      out.flush();
      if (!out) {
        throw OutputError(
            fmt::format("writing {} failed (disk full or file size limit?)", path.string()));
      }
      out.close();
      if (out.fail()) {
        throw OutputError(
            fmt::format("closing {} failed (disk full or file size limit?)", path.string()));
      }
    }
    fs::rename(temporary, path, error);
    if (error) {
      throw OutputError(fmt::format("cannot rename {} to {}: {}", temporary.string(), path.string(),
                                    error.message()));
    }
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

bool OutputFolder::has_file(const std::string& name) const {
  std::error_code ignored;
  return fs::is_regular_file(partial_path_ / name, ignored);
}

void OutputFolder::commit() {
  std::error_code error;
  if (fs::exists(final_path_)) {
    committed_ = true;  // keep the finished results where they are
    throw OutputError(
        fmt::format("output folder {} appeared while the run was writing; the results are "
                    "left in {}",
                    final_path_.string(), partial_path_.string()));
  }
  fs::remove(partial_path_ / ".lock", error);
  fs::rename(partial_path_, final_path_, error);
  if (error) {
    throw OutputError(fmt::format("cannot rename {} to {}: {}", partial_path_.string(),
                                  final_path_.string(), error.message()));
  }
  committed_ = true;
}

fs::path OutputFolder::first_free(const fs::path& base) {
  if (!fs::exists(base)) return base;
  for (int k = 2;; ++k) {
    fs::path candidate = base;
    candidate += fmt::format("-{}", k);
    if (!fs::exists(candidate)) return candidate;
  }
}

}  // namespace parley
