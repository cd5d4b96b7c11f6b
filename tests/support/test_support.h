// Test support shared by the module suites: a per-test temporary directory, real `git` runs
// to build fixture repositories, and small file helpers. Test-only; not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace nova::testing {

// A fresh directory (canonical path) under `parent`, removed recursively on destruction.
class TempDir {
 public:
  explicit TempDir(const std::filesystem::path& parent = "/tmp");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::filesystem::path& path, const std::string& content);
std::string ReadFile(const std::filesystem::path& path);

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
// Runs `command` with /bin/sh in `dir`, capturing its output.
CommandResult RunShell(const std::filesystem::path& dir, const std::string& command);
// Runs git with a fixed identity; fails the test (ADD_FAILURE) when git exits non-zero.
std::string Git(const std::filesystem::path& dir, const std::string& args);
inline constexpr std::int64_t kDay = 24 * 60 * 60;  // seconds
// Seconds since the Unix epoch, now.
std::int64_t Now();
// `git add -A` and a commit by `author` (name) authored and committed at `time` (seconds since
// the epoch, UTC), for history-dependent tests.
void CommitAt(const std::filesystem::path& dir, const std::string& message,
              const std::string& author, std::int64_t time);
// `git init` with branch main, an identity, and the given files committed as "initial".
void InitRepo(const std::filesystem::path& dir, const std::map<std::string, std::string>& files);

// Everything a user could see change in a repository: HEAD, the index file's bytes, every ref
// except those under `refs/heads/nova/` and `excluded_branch`, `git status`, and the bytes of
// every working-tree file outside .git/ and .nova/.
struct RepoSnapshot {
  std::string head;
  std::string index_bytes;
  std::string refs;
  std::string status;
  std::map<std::string, std::string> files;
  friend bool operator==(const RepoSnapshot&, const RepoSnapshot&) = default;
};
RepoSnapshot SnapshotRepo(const std::filesystem::path& dir, const std::string& excluded_branch);

// Pids of live processes whose command line contains `marker`.
std::vector<int> ProcessesWithMarker(const std::string& marker);
// Polls until no process carries `marker` or `timeout` passes; returns what is left.
std::vector<int> WaitForNoProcessWithMarker(const std::string& marker,
                                            std::chrono::milliseconds timeout);
// Polls until at least `at_least` processes carry `marker` or `timeout` passes; returns how many
// carry it at the end.
std::size_t WaitForProcessesWithMarker(const std::string& marker, std::size_t at_least,
                                       std::chrono::milliseconds timeout);
// A marker unique to this process and moment, to put in a sandboxed command line.
std::string UniqueMarker(const std::string& what);

}  // namespace nova::testing
