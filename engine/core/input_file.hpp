// Reading an input file whole: a scenario, a case table, a design file, a manifest.
//
// Input files come from users and from other people's folders, so reading one
// must neither hang nor exhaust memory:
// - the file is opened non-blocking, so a FIFO (named pipe) without a writer
//   does not block `open()` (where Ctrl-C could not reach the process), and
//   anything that is not a regular file — a FIFO, a device such as /dev/zero, a
//   socket, a directory — is refused by its kind;
// - the size is capped (kMaxInputFileBytes, 256 MiB: the largest scenario or
//   case table is a few MB) both by `fstat` and while reading, so a file that
//   grows while it is read cannot exceed it either.
// Errors are ScenarioErrors at the file as a whole (line 0): "expected a
// scenario file, found a FIFO (named pipe)". Callers that report other error
// types (manifests: OutputError) catch and convert.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace parley {

inline constexpr std::uint64_t kMaxInputFileBytes = 256ULL * 1024 * 1024;

// The bytes of `path`. `what` names the kind of file for messages, without an
// article ("scenario file", "case table (CSV file)"). `max_bytes` is for tests; `cancel`, when
// set during a long read, makes the read throw RunCancelled. With
// `follow_links` false a symbolic link at `path` is refused (files inside
// parley's own partial folders).
std::string read_input_file(const std::string& path, std::string_view what,
                            std::uint64_t max_bytes = kMaxInputFileBytes,
                            const std::atomic<bool>* cancel = nullptr, bool follow_links = true);

}  // namespace parley
