#include "output/output_folder.hpp"

#include <unistd.h>

#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace parley {
namespace fs = std::filesystem;

OutputFolder::OutputFolder(fs::path final_path) : final_path_(std::move(final_path)) {
  if (fs::exists(final_path_)) {
    throw OutputError(
        fmt::format("output folder {} already exists; choose another --out (parley never "
                    "overwrites a previous run)",
                    final_path_.string()));
  }
  const fs::path parent = final_path_.has_parent_path() ? final_path_.parent_path() : fs::path(".");
  std::error_code error;
  fs::create_directories(parent, error);
  if (error) {
    throw OutputError(fmt::format("cannot create folder {}: {}", parent.string(), error.message()));
  }
  partial_path_ =
      parent / fmt::format(".{}.partial-{}", final_path_.filename().string(), ::getpid());
  fs::remove_all(partial_path_, error);
  if (!fs::create_directory(partial_path_, error) || error) {
    throw OutputError(
        fmt::format("cannot create folder {}: {}", partial_path_.string(), error.message()));
  }
}

OutputFolder::~OutputFolder() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(partial_path_, ignored);
  }
}

void OutputFolder::write_file(const std::string& name,
                              const std::function<void(std::ostream&)>& write) {
  const fs::path path = partial_path_ / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw OutputError(fmt::format("cannot open {} for writing", path.string()));
  write(out);
  out.flush();
  if (!out) throw OutputError(fmt::format("writing {} failed (disk full?)", path.string()));
  out.close();
  if (out.fail()) throw OutputError(fmt::format("closing {} failed (disk full?)", path.string()));
}

void OutputFolder::commit() {
  std::error_code error;
  if (fs::exists(final_path_)) {
    committed_ = true;  // keep the finished results where they are
    throw OutputError(
        fmt::format("output folder {} appeared while the run was writing; the results are "
                    "left in {}",
                    final_path_.string(), partial_path_.string()));
  }
  fs::rename(partial_path_, final_path_, error);
  if (error) {
    throw OutputError(fmt::format("cannot rename {} to {}: {}", partial_path_.string(),
                                  final_path_.string(), error.message()));
  }
  committed_ = true;
}

fs::path OutputFolder::first_free(const fs::path& base) {
  if (!fs::exists(base)) return base;
  for (int k = 2;; ++k) {
    fs::path candidate = base;
    candidate += fmt::format("-{}", k);
    if (!fs::exists(candidate)) return candidate;
  }
}

}  // namespace parley
