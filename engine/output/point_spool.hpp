// PointSpool: the finished points of a sweep, on disk, until the sweep ends.
//
// Each finished point's outcome rows and summary rows are appended (points
// finish in any order) to `spool.outcomes` and `spool.summary` in a folder, and
// then one line is appended to `spool.index`:
//   "point outcomes_offset outcomes_bytes summary_offset summary_bytes\n".
// A point counts as finished only once its index line is complete and its
// bytes lie within the data files. Opening a spool keeps exactly those points
// and trims anything after them (a torn index line, rows of an unfinished
// point), so a process killed at any moment leaves a spool a resumed run can
// continue. At the end the rows are copied out in point order.
//
// (One file per point would be simpler, but creating a file costs about as
// much as running a small point: a third of the run time on ext4.)
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
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
  };

  // Opens (creating if needed) the spool in `folder`, keeping its finished points.
  explicit PointSpool(const std::filesystem::path& folder);

  // The finished points, in the order they were spooled.
  const std::vector<Entry>& entries() const { return entries_; }

  // Appends one finished point; throws OutputError when the disk refuses.
  void add(std::int64_t point, const std::string& outcome_rows, const std::string& summary_rows);

  // Copies the outcome (or summary) rows of every spooled point into `out`, in point order.
  void copy_in_point_order(std::ostream& out, bool summary);

  // Closes and deletes the spool files.
  void remove();

 private:
  std::filesystem::path outcomes_path_, summary_path_, index_path_;
  std::ofstream outcomes_, summary_, index_;
  std::uint64_t outcomes_size_ = 0, summary_size_ = 0;
  std::vector<Entry> entries_;
};

}  // namespace parley
