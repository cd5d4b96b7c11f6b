// A fixture repository for the verifier and gatekeeper tests: `main` with one commit, a merge
// target branch at the same commit, and candidate branches written with the real git CLI.
// Tests only; not thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "tests/sandbox/test_util.h"

namespace nova::sandbox::testing {

// The full id `revision` resolves to in `repo`.
inline std::string Rev(const std::filesystem::path& repo, const std::string& revision) {
  return nova::testing::Git(repo, "rev-parse " + revision).substr(0, 40);
}

// Commits `files` on a new branch `branch` started at `from`, leaving `main` checked out;
// returns the new commit.
inline std::string CommitOnBranch(const std::filesystem::path& repo, const std::string& branch,
                                  const std::string& from,
                                  const std::map<std::string, std::string>& files) {
  nova::testing::Git(repo, "checkout -q -b " + branch + " " + from);
  for (const auto& [path, content] : files) WriteFile(repo / path, content);
  nova::testing::Git(repo, "add -A");
  nova::testing::Git(repo, "commit -q -m '" + branch + "'");
  nova::testing::Git(repo, "checkout -q main");
  return Rev(repo, branch);
}

// Adds a commit with `files` on top of the existing branch `branch`; returns it.
inline std::string AdvanceBranch(const std::filesystem::path& repo, const std::string& branch,
                                 const std::map<std::string, std::string>& files) {
  nova::testing::Git(repo, "checkout -q " + branch);
  for (const auto& [path, content] : files) WriteFile(repo / path, content);
  nova::testing::Git(repo, "add -A");
  nova::testing::Git(repo, "commit -q -m 'advance " + branch + "'");
  nova::testing::Git(repo, "checkout -q main");
  return Rev(repo, branch);
}

}  // namespace nova::sandbox::testing
