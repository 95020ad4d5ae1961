// An output folder that appears whole or not at all.
//
// Files are written into a hidden sibling folder (`.NAME.partial-PID`); `commit`
// renames it to the final name in one atomic step. If the run fails, is
// cancelled or throws, the destructor removes the partial folder: an
// interrupted run never leaves a half-written output folder. An existing final
// folder is never overwritten.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace parley {

class OutputFolder {
 public:
  // Throws OutputError when `final_path` already exists or the partial folder
  // cannot be created.
  explicit OutputFolder(std::filesystem::path final_path);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Writes `name` inside the folder by calling `write`; checks the stream after
  // flushing (a full disk is an OutputError, not a silently short file).
  void write_file(const std::string& name, const std::function<void(std::ostream&)>& write);
  // Renames the partial folder to its final name.
  void commit();

  const std::filesystem::path& final_path() const { return final_path_; }

  // `base`, or `base-2`, `base-3`, … : the first that does not exist yet.
  static std::filesystem::path first_free(const std::filesystem::path& base);

 private:
  std::filesystem::path final_path_;
  std::filesystem::path partial_path_;
  bool committed_ = false;
};

}  // namespace parley
