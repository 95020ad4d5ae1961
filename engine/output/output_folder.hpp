// An output folder that appears whole or not at all.
//
// Files are written into a hidden sibling folder; `commit` renames it to the
// final name in one atomic step, and each file inside is itself written to a
// temporary name and renamed, so even a killed process never leaves a half
// file. An existing final folder is never overwritten.
//
// Two modes:
// - fresh (`parley run`): the partial folder `.NAME.partial-PID` is removed
//   unless committed — an interrupted run leaves nothing behind;
// - resumable (`parley sweep`): the partial folder `.NAME.partial` is locked
//   (flock) while a process works in it and is kept when the run stops early
//   with finished work in it, so `--resume` can continue from there.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace parley {

class OutputFolder {
 public:
  enum class Mode { kFresh, kResumable };

  // Throws OutputError when `final_path` already exists, the partial folder
  // cannot be created, or (resumable) another process holds it, or a partial
  // folder exists and `resume` is false.
  explicit OutputFolder(std::filesystem::path final_path, Mode mode = Mode::kFresh,
                        bool resume = false);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Writes `name` (may contain sub-folders) inside the partial folder by calling
  // `write`, into a temporary file renamed into place once complete; checks the
  // stream after flushing (a full disk is an OutputError, not a short file).
  void write_file(const std::string& name, const std::function<void(std::ostream&)>& write);
  bool has_file(const std::string& name) const;
  std::filesystem::path path_of(const std::string& name) const { return partial_path_ / name; }

  // Renames the partial folder to its final name.
  void commit();
  // Resumable mode: keep the partial folder when this object is destroyed
  // without a commit (it holds finished work).
  void keep_on_exit(bool keep) { keep_ = keep; }

  // True when an existing partial folder was reopened (resumable mode).
  bool resumed() const { return resumed_; }
  const std::filesystem::path& final_path() const { return final_path_; }
  const std::filesystem::path& partial_path() const { return partial_path_; }

  // `base`, or `base-2`, `base-3`, … : the first that does not exist yet.
  static std::filesystem::path first_free(const std::filesystem::path& base);
  // Where a resumable run into `final_path` keeps its partial work.
  static std::filesystem::path resumable_partial_path(const std::filesystem::path& final_path);

 private:
  std::filesystem::path final_path_;
  std::filesystem::path partial_path_;
  Mode mode_;
  bool committed_ = false;
  bool keep_ = false;
  bool resumed_ = false;
  int lock_fd_ = -1;
};

}  // namespace parley
