#include "nova-core/process/limits.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <utility>

namespace nova::core {
namespace {

std::string ReadSmallFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool HasWord(const std::string& text, std::string_view word) {
  std::istringstream words(text);
  std::string item;
  while (words >> item) {
    if (item == word) return true;
  }
  return false;
}

// The number after `key` in a "key value" lines file (memory.events, pids.events); 0 if absent.
long long EventCount(const std::filesystem::path& path, std::string_view key) {
  std::istringstream lines(ReadSmallFile(path));
  std::string name;
  long long value = 0;
  while (lines >> name >> value) {
    if (name == key) return value;
  }
  return 0;
}

bool WriteText(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

std::string ProbeOwnCgroup(std::filesystem::path& dir) {
  core::Result<std::filesystem::path> mount = FindCgroupV2Mount(ReadSmallFile("/proc/self/mounts"));
  if (!mount.ok()) return mount.status().message();
  core::Result<std::string> own = OwnCgroupV2Path(ReadSmallFile("/proc/self/cgroup"));
  if (!own.ok()) return own.status().message();
  dir = *mount / std::filesystem::path(*own).relative_path();
  return "";
}

}  // namespace

core::Result<std::filesystem::path> FindCgroupV2Mount(std::string_view mounts) {
  std::istringstream lines{std::string(mounts)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string device, mount_point, type;
    if (fields >> device >> mount_point >> type && type == "cgroup2") {
      return std::filesystem::path(mount_point);
    }
  }
  return core::NotFoundError("no cgroup2 mount");
}

core::Result<std::string> OwnCgroupV2Path(std::string_view self_cgroup) {
  std::istringstream lines{std::string(self_cgroup)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("0::", 0) == 0) return line.substr(3);
  }
  return core::NotFoundError("no cgroup v2 entry in /proc/self/cgroup");
}

LimitPlan PlanLimitsWith(const ResourceLimits& limits, const std::filesystem::path& cgroup_dir,
                         std::string_view why_not) {
  LimitPlan plan;
  std::string enabled;
  if (cgroup_dir.empty()) {
    plan.cgroup_unavailable = std::string(why_not);
  } else if (::access(cgroup_dir.c_str(), W_OK) != 0) {
    plan.cgroup_unavailable = cgroup_dir.string() + " is not writable";
  } else {
    enabled = ReadSmallFile(cgroup_dir / "cgroup.subtree_control");
  }
  const bool usable = plan.cgroup_unavailable.empty();
  const auto choose = [&](int value, std::string_view controller) {
    if (value <= 0) return LimitMechanism::kNone;
    if (usable && HasWord(enabled, controller)) return LimitMechanism::kCgroupV2;
    if (plan.cgroup_unavailable.empty()) {
      plan.cgroup_unavailable = "the " + std::string(controller) +
                                " controller is not enabled for children of " + cgroup_dir.string();
    }
    return LimitMechanism::kRlimit;
  };
  plan.memory = choose(limits.memory_mb, "memory");
  plan.pids = choose(limits.pids_max, "pids");
  if (plan.memory == LimitMechanism::kCgroupV2 || plan.pids == LimitMechanism::kCgroupV2) {
    plan.cgroup_parent = cgroup_dir;
  }
  return plan;
}

LimitPlan PlanLimits(const ResourceLimits& limits) {
  static std::once_flag probed;
  static std::filesystem::path dir;
  static std::string why_not;
  std::call_once(probed, [] { why_not = ProbeOwnCgroup(dir); });
  return PlanLimitsWith(limits, dir, why_not);
}

std::string DescribeLimits(const ResourceLimits& limits, const LimitPlan& plan, bool as_root) {
  std::string memory = "memory: ";
  switch (plan.memory) {
    case LimitMechanism::kNone:
      memory += "off";
      break;
    case LimitMechanism::kCgroupV2:
      memory += "cgroup v2 memory.max " + std::to_string(limits.memory_mb) + " MiB";
      break;
    case LimitMechanism::kRlimit:
      memory += "RLIMIT_AS " + std::to_string(limits.memory_mb) + " MiB (per process)";
      break;
  }
  std::string pids = "pids: ";
  switch (plan.pids) {
    case LimitMechanism::kNone:
      pids += "off";
      break;
    case LimitMechanism::kCgroupV2:
      pids += "cgroup v2 pids.max " + std::to_string(limits.pids_max);
      break;
    case LimitMechanism::kRlimit:
      pids += "RLIMIT_NPROC " + std::to_string(limits.pids_max) +
              (as_root ? " (not enforced: running as root)" : " (per user)");
      break;
  }
  return memory + "; " + pids;
}

std::string DescribeLimits(const ResourceLimits& limits, const LimitPlan& plan) {
  return DescribeLimits(limits, plan, ::geteuid() == 0);
}

ChildLimits RlimitsFor(const ResourceLimits& limits, const LimitPlan& plan) {
  ChildLimits child;
  if (plan.memory == LimitMechanism::kRlimit) {
    child.address_space = static_cast<rlim_t>(limits.memory_mb) << 20;
  }
  if (plan.pids == LimitMechanism::kRlimit) {
    child.processes = static_cast<rlim_t>(limits.pids_max);
  }
  return child;
}

int ApplyInChild(const ChildLimits& limits) {
  if (limits.cgroup_procs_fd >= 0 && ::write(limits.cgroup_procs_fd, "0", 1) != 1) return errno;
  const std::pair<int, rlim_t> wanted[] = {{RLIMIT_AS, limits.address_space},
                                           {RLIMIT_NPROC, limits.processes}};
  for (const auto& [resource, value] : wanted) {
    if (value == RLIM_INFINITY) continue;
    rlimit current{};
    if (::getrlimit(resource, &current) != 0) return errno;
    const rlim_t limit = std::min(value, current.rlim_max);
    const rlimit lowered{limit, limit};
    if (::setrlimit(resource, &lowered) != 0) return errno;
  }
  return 0;
}

core::Result<ChildCgroup> ChildCgroup::Create(const std::filesystem::path& parent,
                                              const ResourceLimits& limits, const LimitPlan& plan) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path path =
      parent / ("nova-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  if (::mkdir(path.c_str(), 0755) != 0) {
    return core::UnavailableError("cannot create cgroup " + path.string() + ": " +
                                  std::strerror(errno));
  }
  const auto fail = [&path](const std::string& what) {
    ::rmdir(path.c_str());
    return core::UnavailableError("cannot " + what + " in cgroup " + path.string());
  };
  if (plan.memory == LimitMechanism::kCgroupV2) {
    const std::string bytes = std::to_string(static_cast<long long>(limits.memory_mb) << 20);
    if (!WriteText(path / "memory.max", bytes)) return fail("write memory.max");
    // Without swap the limit is a limit; a failed write means no swap accounting, which is fine.
    WriteText(path / "memory.swap.max", "0");
  }
  if (plan.pids == LimitMechanism::kCgroupV2 &&
      !WriteText(path / "pids.max", std::to_string(limits.pids_max))) {
    return fail("write pids.max");
  }
  const int procs = ::open((path / "cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
  if (procs < 0) return fail("open cgroup.procs");
  return ChildCgroup(path, procs);
}

ChildCgroup::ChildCgroup(ChildCgroup&& other) noexcept
    : path_(std::move(other.path_)), procs_fd_(std::exchange(other.procs_fd_, -1)) {
  other.path_.clear();
}

ChildCgroup::~ChildCgroup() {
  if (procs_fd_ >= 0) ::close(procs_fd_);
  if (path_.empty()) return;
  // rmdir succeeds once the last process has been reaped; bounded, never blocks a run for long.
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (::rmdir(path_.c_str()) == 0 || errno == ENOENT) return;
    KillAll();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void ChildCgroup::KillAll() const {
  if (WriteText(path_ / "cgroup.kill", "1")) return;
  std::istringstream pids(ReadSmallFile(path_ / "cgroup.procs"));
  pid_t pid = 0;
  while (pids >> pid) ::kill(pid, SIGKILL);
}

bool ChildCgroup::MemoryLimitHit() const {
  return EventCount(path_ / "memory.events", "oom_kill") > 0;
}

bool ChildCgroup::PidsLimitHit() const { return EventCount(path_ / "pids.events", "max") > 0; }

}  // namespace nova::core
