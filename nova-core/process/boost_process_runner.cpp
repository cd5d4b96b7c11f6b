#include "nova-core/process/boost_process_runner.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#ifndef BOOST_PROCESS_USE_STD_FS
#define BOOST_PROCESS_USE_STD_FS 1
#endif
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/exception.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/search_path.hpp>
#include <boost/process/start_dir.hpp>

#include "nova-core/process/capped_output.h"

namespace nova::core {
namespace {

namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Owns one file descriptor.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~UniqueFd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

std::string ErrnoText(int error) { return std::strerror(error); }

// Finds the program the way a shell would, but in Nova's own PATH: the child's PATH only
// matters to what the child starts itself.
core::Result<std::filesystem::path> ResolveProgram(const std::string& name) {
  if (name.empty()) return core::InvalidArgumentError("empty program name");
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), F_OK) != 0) return core::NotFoundError("program not found: " + name);
    if (::access(name.c_str(), X_OK) != 0) {
      return core::UnavailableError("program not executable: " + name);
    }
    return std::filesystem::path(name);
  }
  std::filesystem::path found = bp::search_path(name);
  if (found.empty()) return core::NotFoundError("program not found in PATH: " + name);
  return found;
}

// The child leads its own process group, so a deadline kill reaches what it started too.
void KillGroup(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
}

// Closes every descriptor above stderr in the child except Boost's exec-error pipe, so no file,
// socket or repository handle of Nova's reaches the code under test. (bp::limit_handles would
// also close that pipe, computing the handles to keep before the pipe exists, and exec errors
// would then go unreported.) Runs between fork and exec: no allocation of our own.
void CloseInheritedDescriptors(int keep) {
  constexpr unsigned kMax = ~0U;
  if (keep > 3) {
    if (::close_range(3, static_cast<unsigned>(keep) - 1, 0) != 0) keep = -2;
  }
  const unsigned from = keep >= 3 ? static_cast<unsigned>(keep) + 1 : 3;
  if (keep != -2 && ::close_range(from, kMax, 0) == 0) return;
  // No close_range (kernel before 5.9): close one by one, bounded by the descriptor limit.
  const long limit = std::min<long>(::sysconf(_SC_OPEN_MAX), 1 << 20);
  for (int fd = 3; fd < limit; ++fd) {
    if (fd != keep) ::close(fd);
  }
}

// Drops the child to `run_as` (async-signal-safe); 0, or the errno of the step that failed.
int DropTo(const std::optional<RunAs>& run_as) {
  if (!run_as.has_value()) return 0;
  if (::setgroups(0, nullptr) != 0 || ::setgid(run_as->gid) != 0 || ::setuid(run_as->uid) != 0) {
    return errno;
  }
  return 0;
}

template <typename Executor>
void PrepareChild(Executor& exec, const ChildLimits& limits, const std::optional<RunAs>& run_as,
                  pid_t nova) {
  ::setpgid(0, 0);
  // The limits first: before exec, so the program and all it starts are inside them from their
  // first step, and with Nova's credentials, which joining the cgroup needs. Then the switch to the
  // sandbox's user, before the parent-death signal, which a change of credentials clears.
  if (const int error = ApplyInChild(limits); error != 0) {
    exec.set_error(std::error_code(error, std::system_category()), "cannot apply the limits");
    ::_exit(127);
  }
  if (const int error = DropTo(run_as); error != 0) {
    exec.set_error(std::error_code(error, std::system_category()),
                   "cannot switch to the sandbox's user");
    ::_exit(127);
  }
  // Nova may die by SIGKILL with no chance to clean up: the child then dies too. (PDEATHSIG
  // follows the spawning thread, which blocks in Run() until the reap.) bwrap clears it when it
  // changes credentials and arms its own with --die-with-parent a few milliseconds later; a
  // sandbox that slips through that window names its checkout in its argv, and the next run
  // kills it (core::RemoveStaleWork).
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != nova) ::_exit(127);  // Nova died before the prctl took effect
  // An ignored SIGPIPE and a blocked signal mask would survive exec.
  ::signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  const std::vector<int> used = exec.get_used_handles();  // in the child: the exec-error pipe
  CloseInheritedDescriptors(used.empty() ? -1 : used.front());
}

ProcessResult DecodeStatus(int status) {
  ProcessResult result;
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = -1;
    result.signal = WTERMSIG(status);
  }
  return result;
}

core::Result<std::filesystem::path> ResolveWorkingDir(const std::filesystem::path& requested) {
  std::error_code fs_error;
  std::filesystem::path working_dir =
      requested.empty() ? std::filesystem::current_path(fs_error) : requested;
  if (fs_error) {
    return core::InternalError("cannot read the current directory: " + fs_error.message());
  }
  if (!std::filesystem::is_directory(working_dir, fs_error)) {
    return core::NotFoundError("working directory not found: " + working_dir.string());
  }
  return working_dir;
}

// What the child gets as stdin and as stdout + stderr (the write end of a pipe), and what the
// parent keeps: the read end and the log. The parent drops the child's ends once it has started.
struct ChildStreams {
  FilePtr out_write = {};
  FilePtr null_in = {};
  UniqueFd out_read = UniqueFd();
  UniqueFd log = UniqueFd();  // -1: output discarded
};

// A bigger pipe means fewer wakeups for a chatty child. Best effort: the default is 64 KiB.
constexpr int kPipeBytes = 1 << 20;

core::Result<ChildStreams> OpenChildStreams(const std::filesystem::path& log_path) {
  ChildStreams streams;
  if (!log_path.empty()) {
    // O_CLOEXEC everywhere, so no other child started concurrently inherits these.
    streams.log =
        UniqueFd(::open(log_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
    if (streams.log.get() < 0) {
      return core::UnavailableError("cannot open log " + log_path.string() + ": " +
                                    ErrnoText(errno));
    }
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return core::UnavailableError("cannot create a pipe: " + ErrnoText(errno));
  }
  streams.out_read = UniqueFd(fds[0]);
  streams.out_write.reset(::fdopen(fds[1], "we"));
  if (!streams.out_write) {
    ::close(fds[1]);
    return core::UnavailableError("cannot open a pipe: " + ErrnoText(errno));
  }
  ::fcntl(fds[0], F_SETPIPE_SZ, kPipeBytes);
  ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  streams.null_in.reset(std::fopen("/dev/null", "re"));
  if (!streams.null_in) return core::UnavailableError("cannot open /dev/null: " + ErrnoText(errno));
  return streams;
}

// The parent's end of the child's output pipe, feeding the log.
struct OutputPump {
  int fd;
  CappedOutput& output;
  bool eof = false;
};

// Reads what the pipe holds now, up to `budget` bytes, so a child that never stops writing
// cannot keep the caller from its deadline checks. Returns the bytes read.
std::uint64_t ReadAvailable(OutputPump& pump, std::uint64_t budget) {
  static thread_local char buffer[64 * 1024];
  std::uint64_t total = 0;
  while (!pump.eof && total < budget) {
    const ssize_t n = ::read(pump.fd, buffer, sizeof(buffer));
    if (n > 0) {
      pump.output.Append(std::string_view(buffer, static_cast<std::size_t>(n)));
      total += static_cast<std::uint64_t>(n);
    } else if (n == 0) {
      pump.eof = true;  // every writer is gone
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN) {
      break;
    } else {
      pump.eof = true;  // nothing more can be read
    }
  }
  return total;
}

// Waits up to `timeout` for output (or the end of it); returns at once once the pipe is at EOF.
void PollOutput(const OutputPump& pump, Clock::duration timeout) {
  if (pump.eof) return;
  pollfd entry{pump.fd, POLLIN, 0};
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
  ::poll(&entry, 1, static_cast<int>(std::max<std::int64_t>(0, ms)));
}

constexpr std::uint64_t kReadBudget = 16 << 20;

// After the child has ended: reads what is left until every writer is gone, bounded by
// `timeout` (a process that escaped the group kill could hold the pipe open for ever).
void DrainOutput(OutputPump& pump, std::chrono::milliseconds timeout) {
  const Clock::time_point until = Clock::now() + timeout;
  while (!pump.eof) {
    ReadAvailable(pump, kReadBudget);
    const Clock::time_point now = Clock::now();
    if (pump.eof || now >= until) break;
    PollOutput(pump, std::min<Clock::duration>(until - now, std::chrono::milliseconds(50)));
  }
}

core::Status StartError(const std::filesystem::path& program, const std::error_code& spawn_error) {
  const std::string what = program.string() + ": " + spawn_error.message();
  if (spawn_error == std::errc::no_such_file_or_directory) {
    return core::NotFoundError("cannot start " + what);
  }
  return core::UnavailableError("cannot start " + what);
}

// Why the wait for the child ended.
enum class WaitEnd { kExited, kDeadline, kCancelled };

// A started child and what the parent holds of it, passed as one so the wait and the reap do
// not each take the same four arguments.
struct WatchedChild {
  bp::child& child;
  const std::filesystem::path& program;
  OutputPump& pump;
  const ChildCgroup* cgroup;  // nullptr when the limits are setrlimit ones
};

// Sleeps up to `duration`, returning early when `hooks` is cancelled meanwhile.
void SleepUnlessCancelled(const core::WorkHooks& hooks, Clock::duration duration) {
  if (hooks.cancel != nullptr) {
    hooks.cancel->WaitFor(duration);
  } else {
    std::this_thread::sleep_for(duration);
  }
}

// Kills the child's group and, when it has one, its cgroup.
void KillTree(pid_t pid, const ChildCgroup* cgroup) {
  KillGroup(pid);
  if (cgroup != nullptr) cgroup->KillAll();
}

// Drains the child's output while polling it until it exits, the deadline passes or the work is
// cancelled; in the last two cases the child's whole tree is killed (SIGKILL) before returning.
// Waits on the pipe with a backoff from 1 ms up to poll_interval, so short commands return
// quickly without a busy loop for long ones, and a cancellation is seen within poll_interval.
// Output counts as progress, so a long build that prints stays clear of the driver's stall
// detector.
core::Result<WaitEnd> WaitForExitDeadlineOrCancel(WatchedChild watched,
                                                  Clock::time_point deadline,
                                                  const core::WorkHooks& hooks,
                                                  std::chrono::milliseconds poll_interval) {
  auto& [child, program, pump, cgroup] = watched;
  const pid_t pid = child.id();
  std::chrono::milliseconds sleep{1};
  Clock::time_point last_progress = Clock::now() - poll_interval;
  bool unreported_output = false;
  while (true) {
    const std::uint64_t read = ReadAvailable(pump, kReadBudget);
    unreported_output = unreported_output || read > 0;
    if (unreported_output && hooks.progress && Clock::now() - last_progress >= poll_interval) {
      unreported_output = false;
      last_progress = Clock::now();
      hooks.Progress("output from " + program.filename().string());
    }
    std::error_code wait_error;
    const bool running = child.running(wait_error);
    if (wait_error) {
      KillTree(pid, cgroup);
      child.detach();
      return core::InternalError("cannot wait for " + program.string() + ": " +
                                 wait_error.message());
    }
    if (!running) return WaitEnd::kExited;
    if (hooks.Cancelled()) {
      KillTree(pid, cgroup);
      return WaitEnd::kCancelled;
    }
    const Clock::time_point now = Clock::now();
    if (now >= deadline) {
      KillTree(pid, cgroup);
      return WaitEnd::kDeadline;
    }
    if (read >= kReadBudget) continue;  // more is waiting
    const Clock::duration wait = std::min<Clock::duration>(sleep, deadline - now);
    if (pump.eof) {
      SleepUnlessCancelled(hooks, wait);
    } else {
      PollOutput(pump, wait);
    }
    sleep = read > 0 ? std::chrono::milliseconds(1) : std::min(sleep * 2, poll_interval);
  }
}

core::Status ReapKilledChild(bp::child& child, const std::filesystem::path& program,
                             const BoostProcessRunnerOptions& options) {
  const pid_t pid = child.id();
  const Clock::time_point reap_deadline = Clock::now() + options.reap_timeout;
  while (true) {
    std::error_code wait_error;
    if (!child.running(wait_error) || wait_error) return core::Status::Ok();
    if (Clock::now() >= reap_deadline) {
      child.detach();  // never block on a process the kernel will not let die
      return core::InternalError("process " + std::to_string(pid) + " (" + program.string() +
                                 ") did not exit after SIGKILL");
    }
    std::this_thread::sleep_for(options.poll_interval);
  }
}

std::int64_t Milliseconds(Clock::duration duration) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
}

// Waits for the started child and reaps it, however it ends, then writes the rest of its output
// to the log. May throw what Boost.Process throws.
core::Result<ProcessResult> WaitAndReap(WatchedChild watched, const ProcessSpec& spec,
                                        Clock::time_point start,
                                        const BoostProcessRunnerOptions& options) {
  auto& [child, program, pump, cgroup] = watched;
  NOVA_ASSIGN_OR_RETURN(const WaitEnd end, WaitForExitDeadlineOrCancel(watched, spec.deadline,
                                                                       spec.hooks,
                                                                       options.poll_interval));
  if (end == WaitEnd::kExited) {
    // Whatever the child left running in its group (or cgroup) dies with it.
    ::kill(-child.id(), SIGKILL);
    if (cgroup != nullptr) cgroup->KillAll();
  } else {
    NOVA_RETURN_IF_ERROR(ReapKilledChild(child, program, options));
  }
  DrainOutput(pump, options.drain_timeout);
  pump.output.Finish();
  if (pump.output.write_error() != 0) {
    return core::UnavailableError("cannot write log " + spec.log_path.string() + ": " +
                                  ErrnoText(pump.output.write_error()));
  }
  ProcessResult result = DecodeStatus(child.native_exit_code());
  result.output_bytes = pump.output.total_bytes();
  result.omitted_bytes = pump.output.omitted_bytes();
  if (cgroup != nullptr) {
    result.memory_limit_hit = cgroup->MemoryLimitHit();
    result.pids_limit_hit = cgroup->PidsLimitHit();
  }
  result.timed_out = end == WaitEnd::kDeadline;
  result.cancelled = end == WaitEnd::kCancelled;
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return result;
}

nlohmann::json EndedDetail(const std::string& id, const core::Result<ProcessResult>& result,
                           Clock::time_point start) {
  if (!result.ok()) {
    return {{"id", id},
            {"error", result.status().ToString()},
            {"duration_ms", Milliseconds(Clock::now() - start)}};
  }
  return {{"id", id},
          {"limits", result->limits},
          {"exit_code", result->exit_code},
          {"signal", result->signal},
          {"timed_out", result->timed_out},
          {"cancelled", result->cancelled},
          {"duration_ms", result->duration.count()}};
}

// The child's limits on this machine: a cgroup v2 when the plan has one and it can be created,
// else setrlimit (also for what the plan gave the cgroup, when that cannot be created).
struct AppliedLimits {
  std::optional<ChildCgroup> cgroup = std::nullopt;
  ChildLimits child = {};
  std::string description = {};
  LimitMechanism memory = LimitMechanism::kNone;
  LimitMechanism pids = LimitMechanism::kNone;
};

// `as_root`: whether the child keeps running as root (RLIMIT_NPROC does not bind root).
AppliedLimits ApplyLimits(const ResourceLimits& limits, bool as_root) {
  AppliedLimits applied;
  if (limits.memory_mb <= 0 && limits.pids_max <= 0) return applied;
  LimitPlan plan = PlanLimits(limits);
  if (!plan.cgroup_parent.empty()) {
    core::Result<ChildCgroup> cgroup = ChildCgroup::Create(plan.cgroup_parent, limits, plan);
    if (cgroup.ok()) {
      applied.cgroup.emplace(std::move(*cgroup));
    } else {
      for (LimitMechanism* mechanism : {&plan.memory, &plan.pids}) {
        if (*mechanism == LimitMechanism::kCgroupV2) *mechanism = LimitMechanism::kRlimit;
      }
      plan.cgroup_parent.clear();
      plan.cgroup_unavailable = cgroup.status().message();
    }
  }
  applied.child = RlimitsFor(limits, plan);
  if (applied.cgroup) applied.child.cgroup_procs_fd = applied.cgroup->procs_fd();
  applied.description = DescribeLimits(limits, plan, as_root);
  applied.memory = plan.memory;
  applied.pids = plan.pids;
  return applied;
}

// May throw what Boost.Process throws; the caller turns that into a Status.
core::Result<ProcessResult> SpawnAndWait(const std::filesystem::path& program,
                                         const std::filesystem::path& working_dir,
                                         const ProcessSpec& spec, ChildStreams& streams,
                                         const BoostProcessRunnerOptions& options) {
  bp::environment env;
  for (const auto& [key, value] : spec.env) env[key] = value;
  std::vector<std::string> args(spec.argv.begin() + 1, spec.argv.end());
  // Only root can switch users; anyone else runs the child as itself.
  const bool root = ::geteuid() == 0;
  const std::optional<RunAs> run_as = root ? spec.run_as : std::nullopt;
  AppliedLimits limits = ApplyLimits(spec.limits, root && !run_as.has_value());
  const ChildLimits child_limits = limits.child;

  const Clock::time_point start = Clock::now();
  const pid_t nova = ::getpid();
  std::error_code spawn_error;
  bp::child child(
      bp::exe = program.string(), bp::args = args, env, bp::start_dir = working_dir.string(),
      bp::std_in<streams.null_in.get(), (bp::std_out & bp::std_err)> streams.out_write.get(),
      // Last, so it runs after the redirections above have been dup2'ed into place.
      bp::extend::on_exec_setup =
          [child_limits, run_as, nova](auto& exec) {
            PrepareChild(exec, child_limits, run_as, nova);
          },
      spawn_error);
  if (spawn_error || !child.valid()) return StartError(program, spawn_error);
  const pid_t pid = child.id();
  ::setpgid(pid, pid);  // also from the parent, so no kill can race the child's own setpgid
  streams.out_write.reset();  // the child holds its own copies; EOF comes when they are gone
  streams.null_in.reset();
  CappedOutput output(streams.log.get(), spec.log_max_bytes);
  OutputPump pump{streams.out_read.get(), output};

  // Unique within a run: a pid is reused only after its process was reaped, at a later time.
  const std::string id =
      std::to_string(pid) + "-" +
      std::to_string(
          std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count());
  spec.hooks.Effect(core::effect::kProcessStarted,
                    {{"id", id}, {"argv", spec.argv}, {"cwd", working_dir.string()}, {"pid", pid}});
  core::Result<ProcessResult> result = core::InternalError("not waited for");
  try {
    const WatchedChild watched{child, program, pump,
                               limits.cgroup ? &*limits.cgroup : nullptr};
    result = WaitAndReap(watched, spec, start, options);
    if (result.ok()) {
      result->limits = limits.description;
      result->memory_limit = limits.memory;
      result->pids_limit = limits.pids;
    }
  } catch (const std::exception& error) {
    result = core::InternalError("while waiting for " + program.string() + ": " + error.what());
  }
  spec.hooks.Effect(core::effect::kProcessEnded, EndedDetail(id, result, start));
  return result;
}

}  // namespace

core::Result<ProcessResult> BoostProcessRunner::Run(const ProcessSpec& spec) {
  if (spec.argv.empty()) return core::InvalidArgumentError("empty argv");
  if (spec.hooks.Cancelled()) {
    ProcessResult not_started;
    not_started.exit_code = -1;
    not_started.cancelled = true;
    return not_started;
  }
  NOVA_ASSIGN_OR_RETURN(std::filesystem::path program, ResolveProgram(spec.argv.front()));
  NOVA_ASSIGN_OR_RETURN(std::filesystem::path working_dir, ResolveWorkingDir(spec.working_dir));
  NOVA_ASSIGN_OR_RETURN(ChildStreams streams, OpenChildStreams(spec.log_path));
  try {
    return SpawnAndWait(program, working_dir, spec, streams, options_);
  } catch (const bp::process_error& error) {
    return core::UnavailableError("cannot start " + program.string() + ": " + error.what());
  } catch (const std::exception& error) {
    return core::InternalError("while running " + program.string() + ": " + error.what());
  }
}

}  // namespace nova::core
