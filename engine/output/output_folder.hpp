// An output folder that appears whole or not at all, under a name nobody else takes.
//
// Files are written into a hidden sibling folder (the partial folder) through
// file_sink.hpp (temporary file, O_NOFOLLOW, every write checked, renamed into
// place); `commit` renames the partial folder to the final name in one atomic
// step, so even a killed process never leaves a half file or a half folder
// under the final name. An existing final folder is never overwritten.
//
// Two modes:
// - fresh (`parley run`, `merge`, `forecast`): the final name is reserved at
//   the start by creating it empty (mkdir: atomic, so two processes can never
//   pick the same name), the files go to `.NAME.partial-PID`, and the commit
//   renames that over the empty reservation. Unless committed, both are
//   removed: an interrupted run leaves nothing behind.
// - resumable (`parley sweep`): the files go to `.NAME.partial`, created
//   atomically and locked (flock, with the owner's PID in `.lock`) while a
//   process works in it; it is kept when the sweep stops early with finished
//   work in it, so `--resume` can continue from there. The commit renames it
//   to NAME without replacing anything that appeared there meanwhile.
//
// Before reserving, stale partial folders `.X.partial-PID` in the same parent
// whose process has ended (its lock is free; or, without a lock file, the PID
// is gone) are removed — unless they hold finished results (a manifest.json):
// those are never deleted, only pointed out. Every such event, and a name
// skipped because an interrupted sweep holds it, is reported through `notice`.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "output/file_sink.hpp"

namespace parley {

enum class OutputFolderMode { kFresh, kResumable };

struct OutputFolderOptions {
  OutputFolderMode mode = OutputFolderMode::kFresh;
  bool resume = false;      // resumable: continue the partial folder found on disk
  bool first_free = false;  // take the first free name of NAME, NAME-2, NAME-3, …
  std::function<void(const std::string&)> notice;  // messages for the user (may be empty)
};

class OutputFolder {
 public:
  using Mode = OutputFolderMode;
  using Options = OutputFolderOptions;
  using Notice = std::function<void(const std::string&)>;

  // Throws UsageError for a path that names no folder (see `normalise`) and
  // OutputError when the final folder exists (as anything, a dangling link
  // included), the partial folder cannot be created, another process holds it
  // ("in use by PID N"), or it holds an interrupted sweep and `resume` is false.
  explicit OutputFolder(const std::filesystem::path& final_path, Options options = {});
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Writes `name` (may contain sub-folders) inside the partial folder by calling
  // `write` (file_sink.hpp: whole or not at all); returns the file's digest.
  FileDigest write_file(const std::string& name, const std::function<void(std::ostream&)>& write);
  std::filesystem::path path_of(const std::string& name) const { return partial_path_ / name; }

  // Renames the partial folder to its final name. On failure the partial
  // folder is kept (it holds finished results) and the OutputError says where.
  void commit();
  // Resumable mode: keep the partial folder when this object is destroyed
  // without a commit (it holds finished work).
  void keep_on_exit(bool keep) { keep_ = keep; }

  // True when an existing partial folder was reopened (resumable mode).
  bool resumed() const { return resumed_; }
  const std::filesystem::path& final_path() const { return final_path_; }
  const std::filesystem::path& partial_path() const { return partial_path_; }

  // An output path as given on a command line, made canonical in form: a
  // trailing `/` or `/.` names the same folder ("out/" is "out"). Throws
  // UsageError for an empty path and for one that names no new folder (".",
  // "..", "/", "a/..").
  static std::filesystem::path normalise(std::string_view given);
  // Where a resumable run into `final_path` keeps its partial work.
  static std::filesystem::path resumable_partial_path(const std::filesystem::path& final_path);
  // Removes the stale partial folders `.X.partial-PID` in `parent` (see above);
  // returns how many were removed.
  static int remove_stale_partials(const std::filesystem::path& parent, const Notice& notice);

 private:
  void open_fresh(const std::filesystem::path& base, const Options& options);
  void open_resumable(const std::filesystem::path& base, const Options& options);
  // Resumable: tries to lock `partial`'s .lock; false (and the owner's PID)
  // when another process holds it.
  bool lock(const std::filesystem::path& partial, long* owner);

  std::filesystem::path final_path_;
  std::filesystem::path partial_path_;
  Mode mode_ = Mode::kFresh;
  bool reserved_ = false;  // fresh: the empty final folder was created by this object
  bool committed_ = false;
  bool keep_ = false;
  bool resumed_ = false;
  int lock_fd_ = -1;
};

// Copies the files of the folder `from` (not its sub-folders or hidden files)
// into the new folder `to`, byte for byte, through an OutputFolder: whole or
// not at all. Returns the final path. OutputError when `to` exists or a file
// cannot be read.
std::filesystem::path copy_output_folder(const std::filesystem::path& from,
                                         const std::filesystem::path& to);

}  // namespace parley
