#include "output/point_spool.hpp"

#include <algorithm>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace fs = std::filesystem;

PointSpool::PointSpool(const fs::path& folder)
    : outcomes_path_(folder / "spool.outcomes"),
      summary_path_(folder / "spool.summary"),
      index_path_(folder / "spool.index") {
  // Keep the complete index lines whose bytes exist; drop any torn tail.
  std::error_code error;
  const std::uint64_t outcomes_size =
      fs::exists(outcomes_path_) ? fs::file_size(outcomes_path_) : 0;
  const std::uint64_t summary_size = fs::exists(summary_path_) ? fs::file_size(summary_path_) : 0;
  std::uint64_t outcomes_end = 0, summary_end = 0, index_end = 0;
  if (std::ifstream index(index_path_, std::ios::binary); index) {
    std::string line;
    std::uint64_t offset = 0;
    while (std::getline(index, line)) {
      if (index.eof()) break;  // no newline: a torn line
      Entry entry;
      std::istringstream fields(line);
      if (!(fields >> entry.point >> entry.outcomes_offset >> entry.outcomes_bytes >>
            entry.summary_offset >> entry.summary_bytes))
        break;
      if (entry.outcomes_offset + entry.outcomes_bytes > outcomes_size ||
          entry.summary_offset + entry.summary_bytes > summary_size)
        break;
      offset += line.size() + 1;
      index_end = offset;
      outcomes_end = std::max(outcomes_end, entry.outcomes_offset + entry.outcomes_bytes);
      summary_end = std::max(summary_end, entry.summary_offset + entry.summary_bytes);
      entries_.push_back(entry);
    }
  }
  for (const auto& [path, size] :
       {std::pair{outcomes_path_, outcomes_end}, std::pair{summary_path_, summary_end},
        std::pair{index_path_, index_end}}) {
    if (!fs::exists(path)) std::ofstream(path, std::ios::binary);
    fs::resize_file(path, size, error);
    if (error) throw OutputError(fmt::format("cannot trim {}: {}", path.string(), error.message()));
  }
  outcomes_size_ = outcomes_end;
  summary_size_ = summary_end;
  outcomes_.open(outcomes_path_, std::ios::binary | std::ios::app);
  summary_.open(summary_path_, std::ios::binary | std::ios::app);
  index_.open(index_path_, std::ios::binary | std::ios::app);
  if (!outcomes_ || !summary_ || !index_)
    throw OutputError(
        fmt::format("cannot open the spool files in {}", outcomes_path_.parent_path().string()));
}

void PointSpool::add(std::int64_t point, const std::string& outcome_rows,
                     const std::string& summary_rows) {
  Entry entry{point, outcomes_size_, outcome_rows.size(), summary_size_, summary_rows.size()};
  outcomes_ << outcome_rows;
  summary_ << summary_rows;
  outcomes_.flush();
  summary_.flush();
  // The index line comes last and only after the rows are on disk: a point
  // whose rows could not be written (disk full) is never listed as finished.
  if (!outcomes_ || !summary_) {
    throw OutputError(fmt::format("writing the spool in {} failed (disk full or file size limit?)",
                                  outcomes_path_.parent_path().string()));
  }
  index_ << fmt::format("{} {} {} {} {}\n", entry.point, entry.outcomes_offset,
                        entry.outcomes_bytes, entry.summary_offset, entry.summary_bytes);
  index_.flush();
  if (!outcomes_ || !summary_ || !index_) {
    throw OutputError(fmt::format("writing the spool in {} failed (disk full or file size limit?)",
                                  outcomes_path_.parent_path().string()));
  }
  outcomes_size_ += outcome_rows.size();
  summary_size_ += summary_rows.size();
  entries_.push_back(entry);
}

void PointSpool::copy_in_point_order(std::ostream& out, bool summary) {
  outcomes_.flush();
  summary_.flush();
  std::vector<Entry> sorted = entries_;
  std::sort(sorted.begin(), sorted.end(),
            [](const Entry& a, const Entry& b) { return a.point < b.point; });
  std::ifstream in(summary ? summary_path_ : outcomes_path_, std::ios::binary);
  std::string buffer;
  for (const Entry& entry : sorted) {
    buffer.resize(summary ? entry.summary_bytes : entry.outcomes_bytes);
    in.seekg(static_cast<std::streamoff>(summary ? entry.summary_offset : entry.outcomes_offset));
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (!in) throw OutputError(fmt::format("cannot read back the spool of point {}", entry.point));
    out << buffer;
  }
}

void PointSpool::remove() {
  outcomes_.close();
  summary_.close();
  index_.close();
  std::error_code ignored;
  for (const auto& path : {outcomes_path_, summary_path_, index_path_}) fs::remove(path, ignored);
}

}  // namespace parley
