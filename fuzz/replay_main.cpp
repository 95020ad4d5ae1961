// Replay driver for the fuzz targets in ordinary (gcc) test builds: a main that
// feeds every file named on the command line, or found under a directory named
// there, to the target's LLVMFuzzerTestOneInput, as libFuzzer does when it is
// given a corpus but no time to fuzz (like {fmt}'s test/fuzzing/main.cc).
//
// A finding aborts (fuzz_checks.hpp) or crashes the process, and an exception
// escaping the target is reported with its file; either fails the ctest. No
// input at all is an error too, so that a wrong corpus path cannot pass.
//
//   build/ci/tests/scenario_parser_fuzz_replay scenarios/ukraine_2025.toml …
//   build/ci/tests/override_fuzz_replay fuzz/override_seeds
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// The regular files under PATH (recursively, sorted) or PATH itself.
std::vector<fs::path> inputs_of(const fs::path& path) {
  std::vector<fs::path> files;
  if (fs::is_directory(path)) {
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(path)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path)) {
    files.push_back(path);
  }
  return files;
}

// The bytes of FILE in a buffer of exactly that size, so that the sanitizers
// see a read past the end as they would in libFuzzer's own copy.
bool read_bytes(const fs::path& file, std::vector<std::uint8_t>& bytes) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(file, error);
  if (error) return false;
  bytes.assign(static_cast<std::size_t>(size), 0);
  bytes.shrink_to_fit();
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<std::size_t>(in.gcount()) == bytes.size();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIRECTORY…\n", argv[0]);
    return 2;
  }
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::vector<fs::path> files = inputs_of(argv[i]);
    if (files.empty()) {
      std::fprintf(stderr, "replay: no input file at %s\n", argv[i]);
      return 2;
    }
    for (const fs::path& file : files) {
      std::vector<std::uint8_t> bytes;
      if (!read_bytes(file, bytes)) {
        std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
        return 2;
      }
      // Named before it runs, so that a crash leaves its input as the last line.
      std::printf("replay %s (%zu bytes)\n", file.c_str(), bytes.size());
      std::fflush(stdout);
      try {
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      } catch (const std::exception& error) {
        std::fprintf(stderr, "replay: %s: exception escaped the fuzz target: %s\n", file.c_str(),
                     error.what());
        return 1;
      } catch (...) {
        std::fprintf(stderr, "replay: %s: a non-standard exception escaped the fuzz target\n",
                     file.c_str());
        return 1;
      }
      ++replayed;
    }
  }
  std::printf("replay: %zu inputs, no finding\n", replayed);
  return 0;
}
