// RunLock: one Nova run at a time per repository. An exclusive flock(2) on `.nova/lock`, held
// for the object's lifetime and released by the kernel when the process ends however it ends, so
// a killed run never leaves a lock behind. The file names its holder for the refusal message.
// Also the cleanup of what a killed run left in `.nova/work/`, safe only while holding the lock.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "nova-core/result.h"

namespace nova::core {

class RunLock {
 public:
  // Takes <state_dir>/lock without waiting. FailedPrecondition naming the holder ("pid 123,
  // nova fix, since <UTC time>") and what to do when another run holds it; Unavailable when the
  // file cannot be opened or locked.
  static Result<RunLock> Acquire(const std::filesystem::path& state_dir, std::string_view command);

  RunLock(RunLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
  }
  RunLock& operator=(RunLock&&) = delete;
  RunLock(const RunLock&) = delete;
  ~RunLock();

  const std::filesystem::path& path() const { return path_; }

 private:
  RunLock(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::filesystem::path path_;
};

// <state_dir>/work: where a run's scratch (sandbox checkouts) lives while it runs.
std::filesystem::path WorkDir(const std::filesystem::path& state_dir);

struct StaleWork {
  std::filesystem::path path;
  int processes_killed = 0;  // still running with the path in their command line
};

// Removes every entry of WorkDir(state_dir): under the lock, anything there was left by a run
// that was killed before it could clean up. A process whose command line names an entry (a
// bwrap that Nova's death did not reach: bwrap arms its own parent-death signal only some
// milliseconds after it starts) is killed first; with it goes its sandbox. Returns what was
// removed; Unavailable naming the path when an entry cannot be removed.
Result<std::vector<StaleWork>> RemoveStaleWork(const RunLock& lock,
                                               const std::filesystem::path& state_dir);

}  // namespace nova::core
