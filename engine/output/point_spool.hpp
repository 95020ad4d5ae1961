// PointSpool: the finished points of a sweep, on disk, until the sweep ends.
//
// Each finished point's outcome rows and summary rows are appended (points
// finish in any order) to `spool.outcomes` and `spool.summary` in a folder, and
// then one line is appended to `spool.index`:
//   "point outcomes_offset outcomes_bytes summary_offset summary_bytes
//    outcomes_sha256 summary_sha256\n".
// A point counts as finished only once its index line is complete, its bytes
// lie within the data files and they match the line's SHA-256 sums. Opening a
// spool keeps exactly those points: a torn index line and the rows of an
// unfinished point are trimmed away, and a point whose bytes do not match
// (a file changed after the fact) is dropped — the index is rewritten without
// it — so that it runs again. So a process killed at any moment, or a spool
// edited by hand, leaves a spool a resumed run can trust. At the end the rows
// are copied out in point order.
//
// The files are opened with O_NOFOLLOW: a symbolic link planted under a spool
// file's name is refused (OutputError), never followed, truncated or written.
//
// (One file per point would be simpler, but creating a file costs about as
// much as running a small point: a third of the run time on ext4.)
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace parley {

class PointSpool {
 public:
  struct Entry {
    std::int64_t point = 0;
    std::uint64_t outcomes_offset = 0, outcomes_bytes = 0;
    std::uint64_t summary_offset = 0, summary_bytes = 0;
    std::string outcomes_sha256, summary_sha256;
  };

  // Opens (creating if needed) the spool in `folder`, keeping its finished
  // points; `notice` hears of points dropped because their bytes changed.
  explicit PointSpool(const std::filesystem::path& folder,
                      const std::function<void(const std::string&)>& notice = {});
  ~PointSpool();
  PointSpool(const PointSpool&) = delete;
  PointSpool& operator=(const PointSpool&) = delete;

  // The finished points, in the order they were spooled.
  const std::vector<Entry>& entries() const { return entries_; }

  // Appends one finished point; throws OutputError when the disk refuses.
  void add(std::int64_t point, const std::string& outcome_rows, const std::string& summary_rows);

  // Copies the outcome (or summary) rows of every spooled point into `out`, in point order.
  void copy_in_point_order(std::ostream& out, bool summary) const;

  // Closes the spool files (they stay on disk).
  void close();
  // Closes and deletes the spool files in `folder` (after a commit moved them).
  static void remove(const std::filesystem::path& folder);

 private:
  std::filesystem::path folder_;
  int outcomes_fd_ = -1, summary_fd_ = -1, index_fd_ = -1;
  std::uint64_t outcomes_size_ = 0, summary_size_ = 0, index_size_ = 0;
  std::vector<Entry> entries_;
};

}  // namespace parley
