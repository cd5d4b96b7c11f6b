#include "sandbox/stage_runner.h"

#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

#include "nova-core/process/log_tail.h"
#include "sandbox/host_view.h"
#include "sandbox/nesting.h"
#include "nova-core/process/process_runner.h"

namespace nova::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

std::string Seconds(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f s", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

void WriteLine(std::FILE* log, const std::string& line) {
  std::fputs(line.c_str(), log);
  std::fputc('\n', log);
  std::fflush(log);  // before the child appends through its own descriptor
}

core::Result<std::filesystem::path> CanonicalCheckout(const std::filesystem::path& checkout_dir) {
  std::error_code error;
  const std::filesystem::path checkout = std::filesystem::canonical(checkout_dir, error);
  if (error || !std::filesystem::is_directory(checkout, error)) {
    return core::NotFoundError("checkout directory not found: " + checkout_dir.string());
  }
  return checkout;
}

// The absolute log path, its directory created.
core::Result<std::filesystem::path> PrepareLogPath(const std::filesystem::path& log_path) {
  std::error_code error;
  const std::filesystem::path log = std::filesystem::absolute(log_path, error);
  if (error) return core::InvalidArgumentError("bad log path: " + log_path.string());
  if (log.has_parent_path()) {
    std::filesystem::create_directories(log.parent_path(), error);
    if (error) {
      return core::UnavailableError("cannot create log directory " + log.parent_path().string() +
                                    ": " + error.message());
    }
  }
  return log;
}

// What every command line of one run shares.
struct RunContext {
  core::ProcessRunner& runner;
  const sandbox::SandboxSettings& settings;
  SandboxMode mode;
  const std::filesystem::path& checkout;
  const std::filesystem::path& log;
  std::FILE* log_file;
  Clock::time_point deadline;  // of the whole run, not of one line
  const core::WorkHooks& hooks;
  std::optional<core::RunAs> user;  // who the commands run as (sandbox.nested); none: as Nova
};

void RecordCancellation(const RunContext& context, const std::string& line, StageOutcome& outcome) {
  outcome.cancelled = true;
  outcome.cancel_reason = context.hooks.CancelReason().message();
  outcome.failed_command = line;
}

void RecordFailure(const core::ProcessResult& result, const std::string& line, StageOutcome& outcome) {
  outcome.exit_code = result.exit_code;
  outcome.signal = result.signal;
  outcome.timed_out = result.timed_out;
  outcome.failed_command = line;
}

bool ContainsAny(const std::string& text, std::initializer_list<const char*> parts) {
  for (const char* part : parts) {
    if (text.find(part) != std::string::npos) return true;
  }
  return false;
}

// The end of what `line` printed (its last 200 lines at most), from the log.
std::string OutputOfLine(const RunContext& context, const std::string& line) {
  std::string tail = core::LogTail(context.log, 200);
  const std::size_t own = tail.rfind("$ " + line + "\n");
  if (own != std::string::npos) tail.erase(0, own);
  return tail;
}

// ctest's own words when it ran nothing (a test directory without tests, a -R that matches
// none), printed whether or not --no-tests=error makes it fail.
constexpr const char* kCtestNoTests = "No tests were found!!!";

// Why a failed line looks like a limit's doing, from what the runner saw and, for rlimits (which
// kill nothing: allocations and forks just fail), from what the line printed last.
std::string LimitNote(const RunContext& context, const std::string& line,
                      const core::ProcessResult& result) {
  const sandbox::SandboxSettings& settings = context.settings;
  if (result.memory_limit_hit) {
    return "the memory limit (cgroup v2 memory.max " + std::to_string(settings.memory_mb) +
           " MiB) killed a process";
  }
  if (result.pids_limit_hit) {
    return "the process limit (cgroup v2 pids.max " + std::to_string(settings.pids_max) +
           ") refused a fork";
  }
  const std::string tail = OutputOfLine(context, line);
  if (result.memory_limit == core::LimitMechanism::kRlimit &&
      ContainsAny(tail, {"Cannot allocate memory", "MemoryError", "bad_alloc", "out of memory",
                         "Out of memory", "memory exhausted"})) {
    return "likely the memory limit (RLIMIT_AS " + std::to_string(settings.memory_mb) +
           " MiB per process): the output reports an allocation failure";
  }
  if (result.pids_limit == core::LimitMechanism::kRlimit && ::geteuid() != 0 &&
      ContainsAny(tail, {"fork: Resource temporarily unavailable", "Cannot fork", "fork failed"})) {
    return "likely the process limit (RLIMIT_NPROC " + std::to_string(settings.pids_max) +
           "): the output reports a failed fork";
  }
  return "";
}

std::string LinePrefix(Stage stage) { return std::string(StageName(stage)) + ": "; }

core::ResourceLimits LimitsOf(const sandbox::SandboxSettings& settings) {
  return core::ResourceLimits{settings.memory_mb, settings.pids_max};
}

// The log's first line: how this run is bounded, so a reader of any log can tell.
std::string LimitsLine(const sandbox::SandboxSettings& settings, SandboxMode mode,
                       const std::string& limits) {
  std::string line = "== nova: limits: " + limits;
  if (mode == SandboxMode::kBubblewrap) {
    line += "; /tmp: " + std::to_string(settings.tmp_size_mb) + " MiB";
  }
  return line + "; output kept per command: " + std::to_string(settings.log_max_mb) +
         " MiB; time: " + std::to_string(settings.timeout_s) + " s";
}

// The ccache directory, created when missing; nothing when ccache is off.
core::Status PrepareCcacheDir(const sandbox::SandboxSettings& settings) {
  if (settings.ccache_dir.empty()) return core::Status::Ok();
  const std::filesystem::path dir = settings.ccache_dir;
  if (!dir.is_absolute()) {
    return core::InvalidArgumentError("sandbox.ccache_dir must be an absolute path, got '" +
                                      settings.ccache_dir + "'");
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir, error)) {
    return core::UnavailableError("cannot create ccache directory " + dir.string() +
                                  (error ? ": " + error.message() : ""));
  }
  return core::Status::Ok();
}

// True when the line failed, was cancelled, or could not start because the budget was spent or
// the work was cancelled; `outcome` then says how. An error only for what prevents running it.
core::Result<bool> RunLine(const RunContext& context, const std::string& line,
                           StageOutcome& outcome) {
  if (context.hooks.Cancelled()) {
    RecordCancellation(context, line, outcome);
    outcome.exit_code = -1;
    WriteLine(context.log_file,
              "nova: not started, cancelled (" + outcome.cancel_reason + "): " + line);
    return true;
  }
  if (Clock::now() >= context.deadline) {
    WriteLine(context.log_file, "nova: not started, the time limit was reached: " + line);
    outcome.timed_out = true;
    outcome.exit_code = -1;
    outcome.failed_command = line;
    return true;
  }
  // A "$ " line in the log is a command that really started: the trace's process effects and
  // the logs tell the same story.
  context.hooks.Progress(LinePrefix(outcome.stage) + line);
  WriteLine(context.log_file, "$ " + line);
  NOVA_ASSIGN_OR_RETURN(SandboxCommand command,
                        ShellCommand(context.mode, context.checkout, line,
                                     ProfileFor(context.settings, outcome.stage == Stage::kBuild)));
  core::ProcessSpec spec;
  spec.argv = std::move(command.argv);
  spec.env = std::move(command.env);
  spec.working_dir = std::move(command.working_dir);
  spec.log_path = context.log;
  spec.log_max_bytes = static_cast<std::uint64_t>(context.settings.log_max_mb) << 20;
  spec.limits = LimitsOf(context.settings);
  spec.run_as = context.user;
  spec.deadline = context.deadline;
  spec.hooks = context.hooks;
  core::Result<core::ProcessResult> result = context.runner.Run(spec);
  if (!result.ok()) {
    WriteLine(context.log_file, "nova: " + result.status().ToString());
    return result.status().WithContext("while running '" + line + "'");
  }
  outcome.omitted_bytes = result->omitted_bytes;
  if (!result->limits.empty() && result->limits != outcome.limits) {
    // The runner could not apply the planned mechanism (e.g. a cgroup could not be created).
    outcome.limits = result->limits;
    WriteLine(context.log_file, "nova: limits of this command: " + result->limits);
  }
  if (result->cancelled) {
    RecordFailure(*result, line, outcome);
    RecordCancellation(context, line, outcome);
    WriteLine(context.log_file, "nova: cancelled (" + outcome.cancel_reason + ")");
    return true;
  }
  const bool failed = result->timed_out || result->exit_code != 0 || result->signal != 0;
  if (outcome.stage == Stage::kTest && !result->timed_out &&
      OutputOfLine(context, line).find(kCtestNoTests) != std::string::npos) {
    outcome.no_tests = "ctest found no tests in '" + line + "'";
    if (!failed && !context.settings.allow_no_tests) {
      WriteLine(context.log_file, "nova: no test ran: " + outcome.no_tests +
                                      "; red unless sandbox.allow_no_tests is true");
      outcome.failed_command = line;
      return true;
    }
  }
  if (failed) {
    RecordFailure(*result, line, outcome);
    if (!result->timed_out) outcome.limit_note = LimitNote(context, line, *result);
    return true;
  }
  return false;
}

// Build lines, then test lines, up to the first failure. True when one failed.
core::Result<bool> RunAllLines(const RunContext& context, const sandbox::SandboxSettings& settings,
                               StageOutcome& outcome) {
  struct StageLines {
    Stage stage;
    const std::vector<std::string>* lines;
  };
  const StageLines stages[] = {{Stage::kBuild, &settings.build}, {Stage::kTest, &settings.test}};
  for (const StageLines& stage : stages) {
    for (const std::string& line : *stage.lines) {
      outcome.stage = stage.stage;
      NOVA_ASSIGN_OR_RETURN(const bool failed, RunLine(context, line, outcome));
      if (failed) return true;
    }
  }
  if (settings.test.empty()) {
    outcome.no_tests = "sandbox.test has no line";
    if (!settings.allow_no_tests) {
      outcome.stage = Stage::kTest;
      WriteLine(context.log_file, "nova: no test ran: " + outcome.no_tests +
                                      "; red unless sandbox.allow_no_tests is true");
      return true;
    }
  }
  return false;
}

// "no test ran: <why> (sandbox.allow_no_tests)".
std::string NoTestsAllowed(const StageOutcome& outcome) {
  return "no test ran: " + outcome.no_tests + " (sandbox.allow_no_tests)";
}

// The log's last line is the verdict, so a reader of its tail sees how the run ended.
void Conclude(std::FILE* log_file, bool failed, StageOutcome& outcome) {
  if (!failed) {
    outcome.stage = Stage::kDone;
    outcome.passed = true;
    WriteLine(log_file, "== nova: build and test passed in " + Seconds(outcome.duration) +
                            (outcome.no_tests.empty() ? "" : "; " + NoTestsAllowed(outcome)));
  } else if (outcome.cancelled) {
    WriteLine(log_file, "== nova: " + std::string(StageName(outcome.stage)) + " cancelled (" +
                            outcome.cancel_reason + ") after " + Seconds(outcome.duration) + ": " +
                            outcome.failed_command);
  } else {
    WriteLine(log_file, "== nova: " + std::string(StageName(outcome.stage)) + " failed, " +
                            DescribeExit(outcome) + ", after " + Seconds(outcome.duration) +
                            (outcome.failed_command.empty() ? "" : ": " + outcome.failed_command));
  }
}

}  // namespace

std::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kCheckout: return "checkout";
    case Stage::kBuild: return "build";
    case Stage::kTest: return "test";
    case Stage::kDone: return "done";
  }
  return "unknown";
}

std::string SignalName(int signal) {
  const char* abbreviation = signal > 0 ? ::sigabbrev_np(signal) : nullptr;
  if (abbreviation == nullptr) return "signal " + std::to_string(signal);
  return std::string("SIG") + abbreviation;
}

bool RedOnlyForNoTests(const StageOutcome& outcome) {
  return !outcome.passed && !outcome.cancelled && !outcome.no_tests.empty() && !outcome.timed_out &&
         outcome.signal == 0 && outcome.exit_code == 0;
}

std::string DescribeExit(const StageOutcome& outcome) {
  if (outcome.passed) {
    return outcome.no_tests.empty() ? "passed" : "passed; " + NoTestsAllowed(outcome);
  }
  if (outcome.cancelled) return "cancelled: " + outcome.cancel_reason;
  if (RedOnlyForNoTests(outcome)) {
    return "no test ran: " + outcome.no_tests +
           "; add a test, or set sandbox.allow_no_tests to accept a build alone";
  }
  std::string text;
  if (outcome.timed_out) {
    text = "killed by the time limit (" + std::to_string(outcome.timeout_s) + " s)";
  } else if (outcome.signal != 0) {
    text = "killed by signal " + std::to_string(outcome.signal) + " (" +
           SignalName(outcome.signal) + ")";
  } else if (outcome.exit_code > 128 && outcome.exit_code < 160) {
    const int signal = outcome.exit_code - 128;
    text = "exit status " + std::to_string(outcome.exit_code) + " (128+" + std::to_string(signal) +
           ": the command was killed by signal " + std::to_string(signal) + ", " +
           SignalName(signal) + ")";
  } else {
    text = "exit status " + std::to_string(outcome.exit_code);
  }
  if (!outcome.limit_note.empty()) text += "; " + outcome.limit_note;
  if (!outcome.no_tests.empty()) text += "; no test ran: " + outcome.no_tests;
  return text;
}

core::Result<StageOutcome> RunStages(const sandbox::SandboxSettings& settings,
                                     const std::filesystem::path& checkout_dir,
                                     const std::filesystem::path& log_path, SandboxMode mode,
                                     core::ProcessRunner& runner, const core::WorkHooks& hooks) {
  if (settings.timeout_s <= 0) {
    return core::InvalidArgumentError("sandbox timeout must be positive, got " +
                                      std::to_string(settings.timeout_s));
  }
  NOVA_ASSIGN_OR_RETURN(const std::filesystem::path checkout, CanonicalCheckout(checkout_dir));
  NOVA_ASSIGN_OR_RETURN(const std::filesystem::path log, PrepareLogPath(log_path));
  NOVA_RETURN_IF_ERROR(PrepareCcacheDir(settings));
  if (mode == SandboxMode::kBubblewrap) NOVA_RETURN_IF_ERROR(CheckReadOnlyBinds(settings.ro_binds));
  const std::optional<core::RunAs> user = SandboxUser(settings, mode);
  if (user.has_value()) {
    NOVA_RETURN_IF_ERROR(HandOver(*user, checkout, settings.ccache_dir));
  }
  FilePtr log_file(std::fopen(log.c_str(), "ae"));
  if (!log_file) {
    return core::UnavailableError("cannot open log " + log.string() + ": " +
                                  std::strerror(errno));
  }

  StageOutcome outcome;
  outcome.log = log;
  outcome.timeout_s = settings.timeout_s;
  const core::ResourceLimits limits = LimitsOf(settings);
  outcome.limits =
      core::DescribeLimits(limits, core::PlanLimits(limits), ::geteuid() == 0 && !user.has_value());
  WriteLine(log_file.get(), LimitsLine(settings, mode, outcome.limits));
  const Clock::time_point start = Clock::now();
  const RunContext context{runner,
                           settings,
                           mode,
                           checkout,
                           log,
                           log_file.get(),
                           start + std::chrono::seconds(settings.timeout_s),
                           hooks,
                           user};
  NOVA_ASSIGN_OR_RETURN(const bool failed, RunAllLines(context, settings, outcome));
  outcome.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  Conclude(log_file.get(), failed, outcome);
  log_file.reset();
  outcome.log_excerpt = core::LogTail(log);
  return outcome;
}

}  // namespace nova::sandbox
