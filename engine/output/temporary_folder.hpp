// A private scratch folder under $TMPDIR that is gone when its owner is.
//
// `parley verify` re-runs a run into a scratch folder. A predictable name in a
// shared temporary directory (`/tmp/parley-verify-PID`) can be planted in
// advance by another user, as a link to somewhere else; so the folder is made
// by mkdtemp(3) (a new, unguessable name, mode 0700, never an existing entry)
// under $TMPDIR (else /tmp). It holds a `.lock` (flock, with the PID) while its
// owner lives and is removed on every exit path that runs destructors
// (success, error, Ctrl-C). A SIGKILL cannot be caught: the next TemporaryFolder
// with the same prefix removes such leftovers — folders of this user whose lock
// is free, or, for the old `PREFIX-PID` names without a lock, whose PID is gone.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace parley {

class TemporaryFolder {
 public:
  // Creates `$TMPDIR/PREFIX-XXXXXX`; throws OutputError. `notice` hears of
  // leftovers removed.
  explicit TemporaryFolder(const std::string& prefix,
                           const std::function<void(const std::string&)>& notice = {});
  ~TemporaryFolder();
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // The directory temporary folders go to: $TMPDIR when it is set to an
  // absolute path, else /tmp.
  static std::filesystem::path base_directory();

 private:
  std::filesystem::path path_;
  int lock_fd_ = -1;
};

}  // namespace parley
