#include "output/file_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace fs = std::filesystem;

namespace {
constexpr std::size_t kBufferBytes = 1 << 16;

std::string write_failure(const fs::path& path, int error) {
  if (error == ENOSPC || error == EFBIG || error == EDQUOT) {
    return fmt::format("writing {} failed (disk full or file size limit?): {}", path.string(),
                       std::strerror(error));
  }
  return fmt::format("writing {} failed: {}", path.string(), std::strerror(error));
}
}  // namespace

FileSink::FileSink(int fd, fs::path path) : fd_(fd), path_(std::move(path)), buffer_(kBufferBytes) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FileSink::~FileSink() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileSink::write_all(const char* data, std::size_t size) {
  hash_.update(std::string_view(data, size));
  bytes_ += size;
  lines_ += static_cast<std::uint64_t>(std::count(data, data + size, '\n'));
  while (size > 0) {
    const ssize_t written = ::write(fd_, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      if (error_ == 0) error_ = errno;
      return false;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

bool FileSink::drain() {
  const auto pending = static_cast<std::size_t>(pptr() - pbase());
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  if (error_ != 0 || fd_ < 0) return false;
  return pending == 0 || write_all(buffer_.data(), pending);
}

FileSink::int_type FileSink::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize FileSink::xsputn(const char* data, std::streamsize count) {
  if (count <= 0) return 0;  // an empty piece may come with a null pointer
  const auto size = static_cast<std::size_t>(count);
  if (size <= static_cast<std::size_t>(epptr() - pptr())) {
    std::memcpy(pptr(), data, size);
    pbump(static_cast<int>(count));
    return count;
  }
  // Large pieces go straight to the file after what is buffered.
  if (!drain() || !write_all(data, size)) return 0;
  return count;
}

int FileSink::sync() { return drain() ? 0 : -1; }

void FileSink::flush_to_file() {
  if (!drain()) throw OutputError(write_failure(path_, error_ != 0 ? error_ : EBADF));
}

void FileSink::close() {
  const bool drained = drain();
  if (fd_ >= 0) {
    if (::close(fd_) != 0 && error_ == 0) error_ = errno;
    fd_ = -1;
  }
  if (!drained || error_ != 0) throw OutputError(write_failure(path_, error_ != 0 ? error_ : EIO));
}

FileDigest FileSink::digest() { return {bytes_, lines_, hash_.hex_digest()}; }

int create_new_file(const fs::path& path) {
  for (int attempt = 0;; ++attempt) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) return fd;
    const int error = errno;
    if (error == EEXIST && attempt == 0) {
      ::unlink(path.c_str());  // a stale temporary or a planted link: removed, never followed
      continue;
    }
    throw OutputError(fmt::format("cannot create {}: {}", path.string(), std::strerror(error)));
  }
}

FileDigest write_file_atomically(const fs::path& path,
                                 const std::function<void(std::ostream&)>& write) {
  fs::path temporary = path;
  temporary += fmt::format(".tmp-{}", ::getpid());
  const int fd = create_new_file(temporary);
  try {
    FileSink sink(fd, path);
    {
      std::ostream out(&sink);
      write(out);
      out.flush();
      if (!out) sink.flush_to_file();  // throws with the reason
    }
    sink.close();
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
      throw OutputError(fmt::format("cannot rename {} to {}: {}", temporary.string(), path.string(),
                                    std::strerror(errno)));
    }
    return sink.digest();
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
}

FileDigest digest_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    throw OutputError(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode))
    throw OutputError(fmt::format("cannot read {}: not a regular file", path.string()));
  Sha256 hash;
  FileDigest digest;
  std::vector<char> buffer(kBufferBytes);
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw OutputError(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
    }
    if (got == 0) break;
    const auto size = static_cast<std::size_t>(got);
    hash.update(std::string_view(buffer.data(), size));
    digest.bytes += size;
    digest.lines +=
        static_cast<std::uint64_t>(std::count(buffer.data(), buffer.data() + size, '\n'));
  }
  digest.sha256 = hash.hex_digest();
  return digest;
}

}  // namespace parley
