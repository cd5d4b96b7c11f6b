#include "sandbox/process_runner.h"

#include <fcntl.h>
#include <signal.h>
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

namespace nova::sandbox {
namespace {

namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

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
  const unsigned kMax = ~0U;
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

template <typename Executor>
void PrepareChild(Executor& exec) {
  ::setpgid(0, 0);
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

// What the child gets as stdin and as stdout + stderr. The parent drops its copies once the
// child has started.
struct ChildStreams {
  FilePtr log;
  FilePtr null_in;
};

core::Result<ChildStreams> OpenChildStreams(const std::filesystem::path& log_path) {
  const std::string log_name = log_path.empty() ? "/dev/null" : log_path.string();
  // "e": O_CLOEXEC, so no other child started concurrently inherits this log.
  FilePtr log(std::fopen(log_name.c_str(), "ae"));
  if (!log) return core::UnavailableError("cannot open log " + log_name + ": " + ErrnoText(errno));
  // Opened here with O_CLOEXEC, so the child keeps no extra descriptor for it.
  FilePtr null_in(std::fopen("/dev/null", "re"));
  if (!null_in) return core::UnavailableError("cannot open /dev/null: " + ErrnoText(errno));
  return ChildStreams{std::move(log), std::move(null_in)};
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

// Sleeps up to `duration`, returning early when `hooks` is cancelled meanwhile.
void SleepUnlessCancelled(const core::WorkHooks& hooks, Clock::duration duration) {
  if (hooks.cancel != nullptr) {
    hooks.cancel->WaitFor(duration);
  } else {
    std::this_thread::sleep_for(duration);
  }
}

// Polls the child until it exits, the deadline passes or the work is cancelled; in the last two
// cases the child's whole group is killed (SIGKILL) before returning. Polls with a backoff from
// 1 ms up to poll_interval, so short commands return quickly without a busy loop for long ones;
// a cancellation wakes the sleep at once. Output written to `log` counts as progress, so a
// long build that prints stays clear of the driver's stall detector.
core::Result<WaitEnd> WaitForExitDeadlineOrCancel(bp::child& child,
                                                  const std::filesystem::path& program,
                                                  const std::filesystem::path& log,
                                                  Clock::time_point deadline,
                                                  const core::WorkHooks& hooks,
                                                  std::chrono::milliseconds poll_interval) {
  const pid_t pid = child.id();
  std::chrono::milliseconds sleep{1};
  // What the log held before the child started (a stage's "$ command" line) is not its output.
  std::error_code initial_error;
  std::uintmax_t log_size = log.empty() ? 0 : std::filesystem::file_size(log, initial_error);
  if (initial_error) log_size = 0;
  while (true) {
    if (hooks.progress && !log.empty()) {
      std::error_code size_error;
      const std::uintmax_t size = std::filesystem::file_size(log, size_error);
      if (!size_error && size > log_size) {
        log_size = size;
        hooks.Progress("output from " + program.filename().string());
      }
    }
    std::error_code wait_error;
    const bool running = child.running(wait_error);
    if (wait_error) {
      KillGroup(pid);
      child.detach();
      return core::InternalError("cannot wait for " + program.string() + ": " +
                                 wait_error.message());
    }
    if (!running) return WaitEnd::kExited;
    if (hooks.Cancelled()) {
      KillGroup(pid);
      return WaitEnd::kCancelled;
    }
    const Clock::time_point now = Clock::now();
    if (now >= deadline) {
      KillGroup(pid);
      return WaitEnd::kDeadline;
    }
    SleepUnlessCancelled(hooks, std::min<Clock::duration>(sleep, deadline - now));
    sleep = std::min(sleep * 2, poll_interval);
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

// Waits for the started child and reaps it, however it ends. May throw what Boost.Process
// throws.
core::Result<ProcessResult> WaitAndReap(bp::child& child, const std::filesystem::path& program,
                                        const ProcessSpec& spec, Clock::time_point start,
                                        const BoostProcessRunnerOptions& options) {
  NOVA_ASSIGN_OR_RETURN(const WaitEnd end,
                        WaitForExitDeadlineOrCancel(child, program, spec.log_path, spec.deadline,
                                                    spec.hooks, options.poll_interval));
  if (end == WaitEnd::kExited) {
    // Whatever the child left running in its group dies with it.
    ::kill(-child.id(), SIGKILL);
  } else {
    NOVA_RETURN_IF_ERROR(ReapKilledChild(child, program, options));
  }
  ProcessResult result = DecodeStatus(child.native_exit_code());
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
          {"exit_code", result->exit_code},
          {"signal", result->signal},
          {"timed_out", result->timed_out},
          {"cancelled", result->cancelled},
          {"duration_ms", result->duration.count()}};
}

// May throw what Boost.Process throws; the caller turns that into a Status.
core::Result<ProcessResult> SpawnAndWait(const std::filesystem::path& program,
                                         const std::filesystem::path& working_dir,
                                         const ProcessSpec& spec, ChildStreams& streams,
                                         const BoostProcessRunnerOptions& options) {
  bp::environment env;
  for (const auto& [key, value] : spec.env) env[key] = value;
  std::vector<std::string> args(spec.argv.begin() + 1, spec.argv.end());

  const Clock::time_point start = Clock::now();
  std::error_code spawn_error;
  bp::child child(
      bp::exe = program.string(), bp::args = args, env, bp::start_dir = working_dir.string(),
      bp::std_in < streams.null_in.get(), (bp::std_out & bp::std_err) > streams.log.get(),
      // Last, so it runs after the redirections above have been dup2'ed into place.
      bp::extend::on_exec_setup = [](auto& exec) { PrepareChild(exec); }, spawn_error);
  if (spawn_error || !child.valid()) return StartError(program, spawn_error);
  const pid_t pid = child.id();
  ::setpgid(pid, pid);  // also from the parent, so no kill can race the child's own setpgid
  streams.log.reset();  // the child holds its own copies
  streams.null_in.reset();

  // Unique within a run: a pid is reused only after its process was reaped, at a later time.
  const std::string id =
      std::to_string(pid) + "-" +
      std::to_string(
          std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count());
  spec.hooks.Effect(core::effect::kProcessStarted,
                    {{"id", id}, {"argv", spec.argv}, {"cwd", working_dir.string()}, {"pid", pid}});
  core::Result<ProcessResult> result = core::InternalError("not waited for");
  try {
    result = WaitAndReap(child, program, spec, start, options);
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

}  // namespace nova::sandbox
