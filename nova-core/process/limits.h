// Resource limits of one sandboxed process tree (memory, number of processes): a child cgroup v2
// under Nova's own cgroup when that one is delegated to Nova (writable, with the controllers
// enabled for children), else setrlimit in the child before exec. PlanLimits says which, and
// every result says which was used, so reports can name it. Thread-safe; ChildCgroup is owned by
// the one Run() that created it.
#pragma once

#include <sys/resource.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "nova-core/result.h"

namespace nova::core {

struct ResourceLimits {
  int memory_mb = 0;  // 0: none
  int pids_max = 0;   // 0: none
};

enum class LimitMechanism { kNone, kCgroupV2, kRlimit };

struct LimitPlan {
  LimitMechanism memory = LimitMechanism::kNone;
  LimitMechanism pids = LimitMechanism::kNone;
  std::filesystem::path cgroup_parent = {};  // the delegated cgroup v2, when one is used
  // Why no cgroup v2 is used ("no cgroup2 mount", ...), empty when one is.
  std::string cgroup_unavailable = {};
};

// The cgroup2 mount point in /proc/self/mounts text; NotFound when there is none.
core::Result<std::filesystem::path> FindCgroupV2Mount(std::string_view mounts);
// Nova's cgroup v2 path ("/user.slice/...") from /proc/self/cgroup text; NotFound without a
// "0::" line.
core::Result<std::string> OwnCgroupV2Path(std::string_view self_cgroup);
// A plan for `limits` given a cgroup v2 directory candidate (empty: none, for `why_not`).
// A limit goes to the cgroup when its controller is in the directory's cgroup.subtree_control
// and the directory is writable; to setrlimit otherwise.
LimitPlan PlanLimitsWith(const ResourceLimits& limits, const std::filesystem::path& cgroup_dir,
                         std::string_view why_not);
// The plan on this machine: Nova's own cgroup v2 (probed once per process).
LimitPlan PlanLimits(const ResourceLimits& limits);

// "memory: RLIMIT_AS 8192 MiB (per process); pids: RLIMIT_NPROC 4096 (not enforced: running as
// root)", "memory: cgroup v2 memory.max 8192 MiB; pids: cgroup v2 pids.max 4096", "memory: off".
// `as_root`: whether the sandboxed processes run as uid 0 (RLIMIT_NPROC does not bind root).
std::string DescribeLimits(const ResourceLimits& limits, const LimitPlan& plan, bool as_root);
std::string DescribeLimits(const ResourceLimits& limits, const LimitPlan& plan);  // euid of Nova

// What the child applies to itself between fork and exec (async-signal-safe).
struct ChildLimits {
  rlim_t address_space = RLIM_INFINITY;  // RLIMIT_AS, bytes; RLIM_INFINITY: untouched
  rlim_t processes = RLIM_INFINITY;      // RLIMIT_NPROC; RLIM_INFINITY: untouched
  int cgroup_procs_fd = -1;              // cgroup.procs of the cgroup to join; -1: none
};
ChildLimits RlimitsFor(const ResourceLimits& limits, const LimitPlan& plan);
// Joins the cgroup and lowers the rlimits; 0, or the errno of the step that failed. Never
// raises a hard limit.
int ApplyInChild(const ChildLimits& limits);

// One child cgroup v2 ("nova-<pid>-<n>") with memory.max / pids.max written; killed and removed
// on destruction. Movable, not copyable.
class ChildCgroup {
 public:
  // Unavailable when it cannot be created or configured (then nothing is left behind).
  static core::Result<ChildCgroup> Create(const std::filesystem::path& parent,
                                          const ResourceLimits& limits, const LimitPlan& plan);
  ChildCgroup(ChildCgroup&& other) noexcept;
  ChildCgroup& operator=(ChildCgroup&&) = delete;
  ChildCgroup(const ChildCgroup&) = delete;
  ~ChildCgroup();

  int procs_fd() const { return procs_fd_; }
  const std::filesystem::path& path() const { return path_; }
  // SIGKILL to every process in it (cgroup.kill where the kernel has it).
  void KillAll() const;
  bool MemoryLimitHit() const;  // memory.events: oom_kill > 0
  bool PidsLimitHit() const;    // pids.events: max > 0

 private:
  ChildCgroup(std::filesystem::path path, int procs_fd)
      : path_(std::move(path)), procs_fd_(procs_fd) {}
  std::filesystem::path path_;
  int procs_fd_ = -1;
};

}  // namespace nova::core
