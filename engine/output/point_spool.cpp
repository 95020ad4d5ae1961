#include "output/point_spool.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "output/file_sink.hpp"

namespace parley {
namespace fs = std::filesystem;

namespace {

constexpr const char* kOutcomes = "spool.outcomes";
constexpr const char* kSummary = "spool.summary";
constexpr const char* kIndex = "spool.index";

// Opens a spool file for reading and writing, creating it, never through a link.
int open_spool_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == ELOOP) {
      throw OutputError(fmt::format(
          "{} is a symbolic link; parley does not follow links in its partial folder — remove "
          "the link (the points whose rows it held will run again)",
          path.string()));
    }
    throw OutputError(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    throw OutputError(
        fmt::format("{} is not a regular file; remove it (the points whose rows it "
                    "held will run again)",
                    path.string()));
  }
  return fd;
}

std::uint64_t size_of(int fd) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) return 0;
  return static_cast<std::uint64_t>(status.st_size);
}

// Reads `size` bytes at `offset` in pieces, handing each to `use`; false on a short read.
template <class Use>
bool read_range(int fd, std::uint64_t offset, std::uint64_t size, Use&& use) {
  std::string buffer(static_cast<std::size_t>(std::min<std::uint64_t>(size, 1 << 20)), '\0');
  while (size > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, buffer.size()));
    const ssize_t got = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    use(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    offset += static_cast<std::uint64_t>(got);
    size -= static_cast<std::uint64_t>(got);
  }
  return true;
}

bool matches(int fd, std::uint64_t offset, std::uint64_t size, const std::string& sha256) {
  Sha256 hash;
  if (!read_range(fd, offset, size, [&](std::string_view piece) { hash.update(piece); }))
    return false;
  return hash.hex_digest() == sha256;
}

void write_at(int fd, const std::string& bytes, std::uint64_t offset, const fs::path& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t written =
        ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) {
      throw OutputError(
          fmt::format("writing the spool {} failed (disk full or file size "
                      "limit?): {}",
                      path.string(), std::strerror(errno)));
    }
    done += static_cast<std::size_t>(written);
  }
}

std::string index_line(const PointSpool::Entry& e) {
  return fmt::format("{} {} {} {} {} {} {}\n", e.point, e.outcomes_offset, e.outcomes_bytes,
                     e.summary_offset, e.summary_bytes, e.outcomes_sha256, e.summary_sha256);
}

bool is_sha256(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

PointSpool::PointSpool(const fs::path& folder,
                       const std::function<void(const std::string&)>& notice)
    : folder_(folder) {
  outcomes_fd_ = open_spool_file(folder / kOutcomes);
  summary_fd_ = open_spool_file(folder / kSummary);
  index_fd_ = open_spool_file(folder / kIndex);
  const std::uint64_t outcomes_size = size_of(outcomes_fd_);
  const std::uint64_t summary_size = size_of(summary_fd_);

  // The complete index lines whose bytes exist and match; a torn tail ends the list.
  std::string index;
  read_range(index_fd_, 0, size_of(index_fd_), [&](std::string_view piece) { index += piece; });
  std::uint64_t outcomes_end = 0, summary_end = 0, index_end = 0;
  bool dropped = false;
  std::size_t start = 0;
  while (start < index.size()) {
    const std::size_t newline = index.find('\n', start);
    if (newline == std::string::npos) break;  // no newline: a torn line
    std::istringstream fields(index.substr(start, newline - start));
    start = newline + 1;
    Entry entry;
    std::string rest;
    if (!(fields >> entry.point >> entry.outcomes_offset >> entry.outcomes_bytes >>
          entry.summary_offset >> entry.summary_bytes >> entry.outcomes_sha256 >>
          entry.summary_sha256) ||
        (fields >> rest) || !is_sha256(entry.outcomes_sha256) || !is_sha256(entry.summary_sha256)) {
      break;
    }
    if (entry.outcomes_bytes > outcomes_size ||
        entry.outcomes_offset > outcomes_size - entry.outcomes_bytes ||
        entry.summary_bytes > summary_size ||
        entry.summary_offset > summary_size - entry.summary_bytes) {
      break;  // the rows of the last point(s) never reached the disk
    }
    index_end = start;
    if (!matches(outcomes_fd_, entry.outcomes_offset, entry.outcomes_bytes,
                 entry.outcomes_sha256) ||
        !matches(summary_fd_, entry.summary_offset, entry.summary_bytes, entry.summary_sha256)) {
      dropped = true;
      if (notice) {
        notice(fmt::format(
            "note: the spooled rows of point {} in {} do not match their checksum (changed after "
            "they were written); that point will run again",
            entry.point, folder.string()));
      }
      continue;
    }
    outcomes_end = std::max(outcomes_end, entry.outcomes_offset + entry.outcomes_bytes);
    summary_end = std::max(summary_end, entry.summary_offset + entry.summary_bytes);
    entries_.push_back(std::move(entry));
  }
  // A point listed twice (a dropped point run again) counts once: its last entry.
  {
    std::map<std::int64_t, std::size_t> last;
    for (std::size_t k = 0; k < entries_.size(); ++k) last[entries_[k].point] = k;
    if (last.size() != entries_.size()) {
      std::vector<Entry> unique;
      for (std::size_t k = 0; k < entries_.size(); ++k)
        if (last[entries_[k].point] == k) unique.push_back(entries_[k]);
      entries_ = std::move(unique);
      dropped = true;
    }
  }

  // Data files end after the last byte a kept point uses; the index after its
  // last complete line, or, when points were dropped, is rewritten whole.
  for (const auto& [fd, size, name] : {std::tuple{outcomes_fd_, outcomes_end, kOutcomes},
                                       std::tuple{summary_fd_, summary_end, kSummary}}) {
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
      throw OutputError(
          fmt::format("cannot trim {}: {}", (folder / name).string(), std::strerror(errno)));
    }
  }
  if (dropped) {
    write_file_atomically(folder / kIndex, [&](std::ostream& out) {
      for (const Entry& entry : entries_) out << index_line(entry);
    });
    ::close(index_fd_);
    index_fd_ = open_spool_file(folder / kIndex);
    index_end = size_of(index_fd_);
  } else if (::ftruncate(index_fd_, static_cast<off_t>(index_end)) != 0) {
    throw OutputError(
        fmt::format("cannot trim {}: {}", (folder / kIndex).string(), std::strerror(errno)));
  }
  outcomes_size_ = outcomes_end;
  summary_size_ = summary_end;
  index_size_ = index_end;
}

PointSpool::~PointSpool() { close(); }

void PointSpool::add(std::int64_t point, const std::string& outcome_rows,
                     const std::string& summary_rows) {
  Entry entry{point,
              outcomes_size_,
              outcome_rows.size(),
              summary_size_,
              summary_rows.size(),
              sha256_hex(outcome_rows),
              sha256_hex(summary_rows)};
  write_at(outcomes_fd_, outcome_rows, outcomes_size_, folder_ / kOutcomes);
  write_at(summary_fd_, summary_rows, summary_size_, folder_ / kSummary);
  // The index line comes last and only after the rows are written: a point
  // whose rows could not be written (disk full) is never listed as finished.
  const std::string line = index_line(entry);
  write_at(index_fd_, line, index_size_, folder_ / kIndex);
  outcomes_size_ += outcome_rows.size();
  summary_size_ += summary_rows.size();
  index_size_ += line.size();
  entries_.push_back(std::move(entry));
}

void PointSpool::copy_in_point_order(std::ostream& out, bool summary) const {
  std::vector<const Entry*> sorted;
  sorted.reserve(entries_.size());
  for (const Entry& entry : entries_) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(),
            [](const Entry* a, const Entry* b) { return a->point < b->point; });
  const int fd = summary ? summary_fd_ : outcomes_fd_;
  for (const Entry* entry : sorted) {
    const bool read = read_range(
        fd, summary ? entry->summary_offset : entry->outcomes_offset,
        summary ? entry->summary_bytes : entry->outcomes_bytes, [&](std::string_view piece) {
          out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
        });
    if (!read)
      throw OutputError(fmt::format("cannot read back the spool of point {}", entry->point));
  }
}

void PointSpool::close() {
  for (int* fd : {&outcomes_fd_, &summary_fd_, &index_fd_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

void PointSpool::remove(const fs::path& folder) {
  std::error_code ignored;
  for (const char* name : {kOutcomes, kSummary, kIndex}) fs::remove(folder / name, ignored);
}

}  // namespace parley
