#include "nova-core/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <signal.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <chrono>
#include <cstring>

#include "nova-core/trace.h"

namespace nova::core {
namespace {

std::string ReadHolder(int fd) {
  std::string text(512, '\0');
  const ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text.empty() ? "holder unknown" : text;
}

// SIGKILLs every process (but this one) whose command line contains `text`; returns how many.
int KillProcessesNaming(const std::string& text) {
  int killed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    if (pid == ::getpid()) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(text) != std::string::npos && ::kill(pid, SIGKILL) == 0) ++killed;
  }
  return killed;
}

}  // namespace

Result<RunLock> RunLock::Acquire(const std::filesystem::path& state_dir,
                                 std::string_view command) {
  const std::filesystem::path path = state_dir / "lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return UnavailableError("cannot open " + path.string() + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string holder = ReadHolder(fd);
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return FailedPreconditionError(
          "another Nova run holds " + path.string() + " (" + holder +
          "); runs on one repository never interleave: wait for it to end and run again");
    }
    return UnavailableError("cannot lock " + path.string() + ": " + std::strerror(error));
  }
  const std::string holder = "pid " + std::to_string(::getpid()) + ", " + std::string(command) +
                             ", since " + FormatUtcTimestamp(std::chrono::system_clock::now()) +
                             "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, holder.data(), holder.size(), 0) != static_cast<ssize_t>(holder.size())) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return UnavailableError("cannot write " + path.string() + ": " + why);
  }
  return RunLock(fd, path);
}

RunLock::~RunLock() {
  if (fd_ < 0) return;
  // The holder line goes first, so a reader never names a run that has ended.
  if (::ftruncate(fd_, 0) != 0) {
    // Nothing to do: the lock is released by close() all the same.
  }
  ::close(fd_);
}

std::filesystem::path WorkDir(const std::filesystem::path& state_dir) {
  return state_dir / "work";
}

Result<std::vector<StaleWork>> RemoveStaleWork(const RunLock& lock,
                                               const std::filesystem::path& state_dir) {
  (void)lock;  // proof that the caller holds it
  std::vector<StaleWork> removed;
  const std::filesystem::path work = WorkDir(state_dir);
  std::error_code ec;
  if (!std::filesystem::exists(work, ec)) return removed;
  for (const auto& entry : std::filesystem::directory_iterator(work, ec)) {
    StaleWork stale{entry.path(), KillProcessesNaming(entry.path().string())};
    std::filesystem::remove_all(entry.path(), ec);
    if (ec) {
      return UnavailableError("cannot remove " + entry.path().string() +
                              ", left by an earlier run: " + ec.message());
    }
    removed.push_back(std::move(stale));
  }
  if (ec) return UnavailableError("cannot list " + work.string() + ": " + ec.message());
  return removed;
}

}  // namespace nova::core
