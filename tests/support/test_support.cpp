#include "support/test_support.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

namespace nova::testing {

TempDir::TempDir(const std::filesystem::path& parent) {
  std::string pattern = (parent / "nova-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
  path_ = std::filesystem::canonical(pattern);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CommandResult RunShell(const std::filesystem::path& dir, const std::string& command) {
  const std::string full = "cd '" + dir.string() + "' && (" + command + ") 2>&1";
  CommandResult result;
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string Git(const std::filesystem::path& dir, const std::string& args) {
  CommandResult r = RunShell(dir,
                        "git -c user.name=Tester -c user.email=tester@example.com "
                        "-c init.defaultBranch=main -c commit.gpgsign=false " + args);
  if (r.exit_code != 0) ADD_FAILURE() << "git " << args << " failed: " << r.output;
  return r.output;
}

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void CommitAt(const std::filesystem::path& dir, const std::string& message,
              const std::string& author, std::int64_t time) {
  Git(dir, "add -A");
  const std::string date = "@" + std::to_string(time) + " +0000";
  CommandResult r = RunShell(
      dir, "GIT_AUTHOR_DATE='" + date + "' GIT_COMMITTER_DATE='" + date +
               "' git -c user.name='" + author + "' -c user.email=author@example.com "
               "-c commit.gpgsign=false commit -q --allow-empty -m '" + message + "'");
  if (r.exit_code != 0) ADD_FAILURE() << "git commit failed: " << r.output;
}

void InitRepo(const std::filesystem::path& dir, const std::map<std::string, std::string>& files) {
  std::filesystem::create_directories(dir);
  Git(dir, "init -q");
  for (const auto& [path, content] : files) WriteFile(dir / path, content);
  Git(dir, "add -A");
  Git(dir, "commit -q -m initial");
}

RepoSnapshot SnapshotRepo(const std::filesystem::path& dir, const std::string& excluded_branch) {
  RepoSnapshot snapshot;
  snapshot.head = ReadFile(dir / ".git" / "HEAD") + Git(dir, "rev-parse HEAD");
  snapshot.index_bytes = ReadFile(dir / ".git" / "index");
  std::string refs = Git(dir, "for-each-ref --format='%(refname) %(objectname)'");
  std::istringstream lines(refs);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("refs/heads/nova/")) continue;
    if (!excluded_branch.empty() && line.starts_with("refs/heads/" + excluded_branch + " ")) continue;
    snapshot.refs += line + "\n";
  }
  snapshot.status = Git(dir, "status --porcelain=v1 --untracked-files=all");
  for (auto it = std::filesystem::recursive_directory_iterator(dir);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    const auto relative = it->path().lexically_relative(dir).generic_string();
    if (relative == ".git" || relative == ".nova") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) snapshot.files[relative] = ReadFile(it->path());
  }
  return snapshot;
}

std::vector<int> ProcessesWithMarker(const std::string& marker) {
  std::vector<int> pids;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = ReadFile(entry.path() / "cmdline");
    for (char& c : cmdline) {
      if (c == '\0') c = ' ';
    }
    if (cmdline.find(marker) != std::string::npos) pids.push_back(std::stoi(name));
  }
  return pids;
}

std::vector<int> WaitForNoProcessWithMarker(const std::string& marker,
                                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<int> left = ProcessesWithMarker(marker);
  while (!left.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    left = ProcessesWithMarker(marker);
  }
  return left;
}

std::size_t WaitForProcessesWithMarker(const std::string& marker, std::size_t at_least,
                                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t count = ProcessesWithMarker(marker).size();
  while (count < at_least && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    count = ProcessesWithMarker(marker).size();
  }
  return count;
}

std::string UniqueMarker(const std::string& what) {
  return "nova-marker-" + what + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

}  // namespace nova::testing
