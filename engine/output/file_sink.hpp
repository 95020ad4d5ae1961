// Writing and reading files the way parley's outputs need: whole or not at all,
// never through a planted link, with the SHA-256 of what was written.
//
// `write_file_atomically` writes into a temporary file created next to the
// target with O_CREAT|O_EXCL|O_NOFOLLOW (a symbolic link or another file under
// that name is never followed or truncated), checks every write, the flush and
// the close (a full disk or a file size limit is an OutputError, not a short
// file), then renames the temporary over the target, which replaces a file or
// a link at the target without following it. On failure the temporary is
// removed. It returns the file's digest: bytes, lines (newline characters) and
// SHA-256, which manifests record so that `parley merge` and `parley verify`
// can check files byte for byte.
//
// `FileSink` is the std::streambuf behind it, over a POSIX descriptor it owns;
// the point spool (point_spool.hpp) appends through one too.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "core/sha256.hpp"

namespace parley {

struct FileDigest {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;  // newline characters
  std::string sha256;       // lower-case hex
};

// A buffered output stream buffer over a descriptor (which it closes), counting
// and hashing every byte that reaches the file.
class FileSink : public std::streambuf {
 public:
  // `path` is for messages only.
  FileSink(int fd, std::filesystem::path path);
  ~FileSink() override;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  // Writes out the buffer and closes the descriptor; throws OutputError naming
  // the file when any write or the close failed (disk full, file size limit).
  void close();
  // Writes out the buffer (the bytes reach the kernel); throws like close().
  void flush_to_file();
  // The digest of everything written so far (call after close()).
  FileDigest digest();

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* data, std::streamsize count) override;
  int sync() override;

 private:
  bool drain();
  bool write_all(const char* data, std::size_t size);

  int fd_;
  std::filesystem::path path_;
  std::vector<char> buffer_;
  Sha256 hash_;
  std::uint64_t bytes_ = 0;
  std::uint64_t lines_ = 0;
  int error_ = 0;  // errno of the first failed write
};

// Opens `path` for writing with O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC (mode 0644);
// when a stale entry of that name exists (a temporary left by a killed process,
// or a planted link), it is unlinked — never followed — and the open retried
// once. Throws OutputError.
int create_new_file(const std::filesystem::path& path);

FileDigest write_file_atomically(const std::filesystem::path& path,
                                 const std::function<void(std::ostream&)>& write);

// The digest of an existing regular file (opened with O_NOFOLLOW); throws
// OutputError when it cannot be read or is not a regular file.
FileDigest digest_file(const std::filesystem::path& path);

}  // namespace parley
