#include "nova-core/process/process_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <thread>

#include <gtest/gtest.h>

#include <atomic>

#include "nova-core/cancellation.h"
#include "nova-core/process/boost_process_runner.h"
#include "sandbox/bwrap_profile.h"
#include "tests/sandbox/effect_recorder.h"
#include "tests/sandbox/test_util.h"

namespace nova::sandbox {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::ReadFile;
using testing::RecordingEffectSink;
using testing::TempDir;

// Cancels `token` from another thread after `delay`; joins on destruction.
class CancelLater {
 public:
  CancelLater(core::CancelToken& token, milliseconds delay)
      : thread_([&token, delay] {
          std::this_thread::sleep_for(delay);
          token.Cancel(core::CancelledError("stopped by the test"));
        }) {}
  ~CancelLater() { thread_.join(); }

 private:
  std::thread thread_;
};

class ProcessRunnerTest : public ::testing::Test {
 protected:
  core::ProcessSpec Shell(const std::string& line, milliseconds timeout = seconds(30)) {
    core::ProcessSpec spec;
    spec.argv = {"/bin/sh", "-c", line};
    spec.working_dir = dir_.path();
    spec.env = {{"PATH", "/usr/bin:/bin"}};
    spec.log_path = log_;
    spec.deadline = steady_clock::now() + timeout;
    return spec;
  }

  // Writes `text` as a script with permissions `mode` and runs it directly (no shell): the
  // tests of how a program that cannot start fails differ only in the script.
  core::Result<core::ProcessResult> RunScript(const std::string& name, const std::string& text,
                                        mode_t mode) {
    const std::filesystem::path script = dir_.path() / name;
    testing::WriteFile(script, text);
    ::chmod(script.c_str(), mode);
    core::ProcessSpec spec = Shell("");
    spec.argv = {script.string()};
    return runner_.Run(spec);
  }

  TempDir dir_;
  std::filesystem::path log_ = dir_.path() / "run.log";
  core::BoostProcessRunner runner_;
};

TEST_F(ProcessRunnerTest, RunAsSwitchesTheChildsUserOnlyWhenNovaIsRoot) {
  core::ProcessSpec spec = Shell("id -u; id -g; id -G");
  spec.run_as = core::RunAs{65534, 65534};
  core::Result<core::ProcessResult> result = runner_.Run(spec);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->exit_code, 0) << ReadFile(log_);
  const std::string as_asked = ReadFile(log_);
  std::filesystem::remove(log_);
  spec.run_as.reset();
  ASSERT_TRUE(runner_.Run(spec).ok());
  if (::geteuid() == 0) {
    EXPECT_EQ(as_asked, "65534\n65534\n65534\n") << "no supplementary group of root is kept";
    EXPECT_EQ(ReadFile(log_).substr(0, 2), "0\n");
  } else {
    EXPECT_EQ(as_asked, ReadFile(log_)) << "only root can switch users; others run as themselves";
  }
}

TEST_F(ProcessRunnerTest, ReportsExitCodeAndCapturesStdoutAndStderr) {
  core::Result<core::ProcessResult> result = runner_.Run(Shell("echo out; echo err >&2; exit 3"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_EQ(result->signal, 0);
  EXPECT_FALSE(result->timed_out);
  EXPECT_EQ(ReadFile(log_), "out\nerr\n");
}

TEST_F(ProcessRunnerTest, AppendsToTheLog) {
  testing::WriteFile(log_, "before\n");
  ASSERT_TRUE(runner_.Run(Shell("echo one")).ok());
  ASSERT_TRUE(runner_.Run(Shell("echo two")).ok());
  EXPECT_EQ(ReadFile(log_), "before\none\ntwo\n");
}

TEST_F(ProcessRunnerTest, ChildGetsOnlyTheGivenEnvironment) {
  ::setenv("NOVA_TEST_SECRET_TOKEN", "xyz", 1);
  core::ProcessSpec spec = Shell("");
  spec.argv = {"/usr/bin/env"};
  spec.env = {{"ONLY", "this"}};
  core::Result<core::ProcessResult> result = runner_.Run(spec);
  ::unsetenv("NOVA_TEST_SECRET_TOKEN");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(ReadFile(log_), "ONLY=this\n");
}

TEST_F(ProcessRunnerTest, EmptyEnvironmentStaysEmpty) {
  core::ProcessSpec spec = Shell("");
  spec.argv = {"/usr/bin/env"};
  spec.env.clear();
  core::Result<core::ProcessResult> result = runner_.Run(spec);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->exit_code, 0);
  EXPECT_EQ(ReadFile(log_), "");
}

TEST_F(ProcessRunnerTest, RunsInTheWorkingDirectory) {
  ASSERT_TRUE(runner_.Run(Shell("pwd")).ok());
  EXPECT_EQ(ReadFile(log_), std::filesystem::canonical(dir_.path()).string() + "\n");
}

TEST_F(ProcessRunnerTest, ChildInheritsNoFileDescriptorsButStdio) {
  // A descriptor opened without O_CLOEXEC, as a library of Nova's might leave one.
  const int leaky = ::open(dir_.path().c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(leaky, 3);
  core::Result<core::ProcessResult> result = runner_.Run(Shell("ls /proc/$$/fd; true"));
  ::close(leaky);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(ReadFile(log_), "0\n1\n2\n");
}

TEST_F(ProcessRunnerTest, StdinIsEmpty) {
  core::Result<core::ProcessResult> result = runner_.Run(Shell("cat; echo done"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ReadFile(log_), "done\n");
}

TEST_F(ProcessRunnerTest, MissingProgramIsNotFoundAndNamesIt) {
  core::ProcessSpec spec = Shell("");
  spec.argv = {"/nonexistent/nova-no-such-program"};
  core::Result<core::ProcessResult> result = runner_.Run(spec);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("/nonexistent/nova-no-such-program"), std::string::npos);

  spec.argv = {"nova-no-such-program-in-path"};
  result = runner_.Run(spec);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("nova-no-such-program-in-path"), std::string::npos);
}

TEST_F(ProcessRunnerTest, NonExecutableProgramIsUnavailable) {
  core::Result<core::ProcessResult> result = RunScript("script.sh", "#!/bin/sh\necho hi\n", 0644);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kUnavailable);
}

TEST_F(ProcessRunnerTest, ExecFailureInTheChildIsAnErrorNotACrash) {
  core::Result<core::ProcessResult> result =
      RunScript("bad-interpreter.sh", "#!/nonexistent/nova-interpreter\n", 0755);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("bad-interpreter.sh"), std::string::npos);
}

TEST_F(ProcessRunnerTest, EmptyArgvIsInvalidArgument) {
  core::ProcessSpec spec = Shell("");
  spec.argv.clear();
  core::Result<core::ProcessResult> result = runner_.Run(spec);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kInvalidArgument);
}

TEST_F(ProcessRunnerTest, MissingWorkingDirectoryIsNotFound) {
  core::ProcessSpec spec = Shell("true");
  spec.working_dir = dir_.path() / "missing";
  core::Result<core::ProcessResult> result = runner_.Run(spec);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kNotFound);
}

TEST_F(ProcessRunnerTest, ReportsTheSignalThatEndedTheChild) {
  core::Result<core::ProcessResult> result = runner_.Run(Shell("kill -TERM $$"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->signal, SIGTERM);
  EXPECT_EQ(result->exit_code, -1);
  EXPECT_FALSE(result->timed_out);
}

TEST_F(ProcessRunnerTest, KillsTheChildAndItsChildrenAtTheDeadline) {
  const std::string marker = testing::UniqueMarker("runner");
  const auto start = steady_clock::now();
  core::Result<core::ProcessResult> result =
      runner_.Run(Shell("sh -c 'sleep 600; echo " + marker + "' & sleep 600", milliseconds(500)));
  const auto elapsed = steady_clock::now() - start;
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->timed_out);
  EXPECT_EQ(result->signal, SIGKILL);
  EXPECT_LT(elapsed, seconds(5));
  EXPECT_GE(result->duration, milliseconds(400));
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

TEST_F(ProcessRunnerTest, BackgroundChildrenDieWhenTheChildExits) {
  const std::string marker = testing::UniqueMarker("leftover");
  core::Result<core::ProcessResult> result =
      runner_.Run(Shell("sh -c 'sleep 600; echo " + marker + "' >/dev/null 2>&1 & exit 0"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->exit_code, 0);
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

TEST_F(ProcessRunnerTest, CancellationKillsTheChildAndItsChildren) {
  const std::string marker = testing::UniqueMarker("cancel");
  core::CancelToken token;
  core::ProcessSpec spec = Shell("sh -c 'sleep 60; echo " + marker + "' & sleep 60; echo " + marker);
  spec.hooks.cancel = &token;
  const auto start = steady_clock::now();
  core::Result<core::ProcessResult> result = core::InternalError("not run");
  {
    CancelLater cancel(token, milliseconds(300));
    result = runner_.Run(spec);
  }
  const auto elapsed = steady_clock::now() - start;
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->cancelled);
  EXPECT_FALSE(result->timed_out);
  EXPECT_EQ(result->signal, SIGKILL);
  EXPECT_EQ(result->exit_code, -1);
  EXPECT_LT(elapsed, seconds(10));
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

TEST_F(ProcessRunnerTest, CancellationKillsTheWholeBubblewrapSandbox) {
  const std::string marker = testing::UniqueMarker("bwrap-cancel");
  core::Result<SandboxCommand> command =
      ShellCommand(SandboxMode::kBubblewrap, dir_.path(),
                   "sh -c 'sleep 60; echo " + marker + "' & sleep 60; echo " + marker);
  ASSERT_TRUE(command.ok()) << command.status().ToString();
  core::CancelToken token;
  core::ProcessSpec spec = Shell("");
  spec.argv = command->argv;
  spec.env = command->env;
  spec.working_dir = command->working_dir;
  spec.hooks.cancel = &token;
  const auto start = steady_clock::now();
  core::Result<core::ProcessResult> result = core::InternalError("not run");
  {
    CancelLater cancel(token, milliseconds(300));
    result = runner_.Run(spec);
  }
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->cancelled);
  EXPECT_FALSE(result->timed_out);
  EXPECT_LT(steady_clock::now() - start, seconds(10));
  const std::vector<int> left = testing::WaitForNoProcessWithMarker(marker, seconds(5));
  EXPECT_TRUE(left.empty()) << left.size() << " process(es) survived";
}

TEST_F(ProcessRunnerTest, AlreadyCancelledStartsNothing) {
  core::CancelToken token;
  token.Cancel(core::CancelledError("stopped before"));
  RecordingEffectSink effects;
  core::ProcessSpec spec = Shell("echo ran > ran.txt");
  spec.hooks.cancel = &token;
  spec.hooks.effects = &effects;
  core::Result<core::ProcessResult> result = runner_.Run(spec);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->cancelled);
  EXPECT_EQ(result->exit_code, -1);
  EXPECT_EQ(result->signal, 0);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "ran.txt"));
  EXPECT_TRUE(effects.entries().empty());
}

// Every start has exactly one end with the same id, and the id names the started pid.
void ExpectOneStartAndEnd(const RecordingEffectSink& effects, const core::ProcessSpec& spec,
                          const std::filesystem::path& cwd, nlohmann::json* ended) {
  const std::vector<RecordingEffectSink::Entry> entries = effects.entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].kind, core::effect::kProcessStarted);
  EXPECT_EQ(entries[1].kind, core::effect::kProcessEnded);
  const nlohmann::json& started = entries[0].detail;
  EXPECT_EQ(started["argv"], nlohmann::json(spec.argv));
  EXPECT_EQ(started["cwd"], cwd.string());
  ASSERT_TRUE(started["pid"].is_number_integer());
  EXPECT_EQ(
      started["id"].get<std::string>().rfind(std::to_string(started["pid"].get<int>()) + "-", 0),
      0u)
      << started.dump();
  EXPECT_EQ(entries[1].detail["id"], started["id"]);
  EXPECT_GE(entries[1].detail["duration_ms"].get<long long>(), 0);
  *ended = entries[1].detail;
}

TEST_F(ProcessRunnerTest, EffectsOfANormalExit) {
  RecordingEffectSink effects;
  core::ProcessSpec spec = Shell("exit 3");
  spec.hooks.effects = &effects;
  ASSERT_TRUE(runner_.Run(spec).ok());
  nlohmann::json ended;
  ExpectOneStartAndEnd(effects, spec, dir_.path(), &ended);
  EXPECT_EQ(ended["exit_code"], 3);
  EXPECT_EQ(ended["signal"], 0);
  EXPECT_EQ(ended["timed_out"], false);
  EXPECT_EQ(ended["cancelled"], false);
}

TEST_F(ProcessRunnerTest, EffectsOfATimeout) {
  RecordingEffectSink effects;
  core::ProcessSpec spec = Shell("sleep 60", milliseconds(300));
  spec.hooks.effects = &effects;
  ASSERT_TRUE(runner_.Run(spec).ok());
  nlohmann::json ended;
  ExpectOneStartAndEnd(effects, spec, dir_.path(), &ended);
  EXPECT_EQ(ended["exit_code"], -1);
  EXPECT_EQ(ended["signal"], SIGKILL);
  EXPECT_EQ(ended["timed_out"], true);
  EXPECT_EQ(ended["cancelled"], false);
}

TEST_F(ProcessRunnerTest, EffectsOfACancellation) {
  RecordingEffectSink effects;
  core::CancelToken token;
  core::ProcessSpec spec = Shell("sleep 60");
  spec.hooks.effects = &effects;
  spec.hooks.cancel = &token;
  {
    CancelLater cancel(token, milliseconds(300));
    ASSERT_TRUE(runner_.Run(spec).ok());
  }
  nlohmann::json ended;
  ExpectOneStartAndEnd(effects, spec, dir_.path(), &ended);
  EXPECT_EQ(ended["exit_code"], -1);
  EXPECT_EQ(ended["signal"], SIGKILL);
  EXPECT_EQ(ended["timed_out"], false);
  EXPECT_EQ(ended["cancelled"], true);
}

TEST_F(ProcessRunnerTest, EachRunHasItsOwnEffectId) {
  RecordingEffectSink effects;
  core::ProcessSpec spec = Shell("true");
  spec.hooks.effects = &effects;
  ASSERT_TRUE(runner_.Run(spec).ok());
  ASSERT_TRUE(runner_.Run(spec).ok());
  const std::vector<nlohmann::json> started = effects.Of(core::effect::kProcessStarted);
  ASSERT_EQ(started.size(), 2u);
  EXPECT_NE(started[0]["id"], started[1]["id"]);
}

TEST_F(ProcessRunnerTest, AProgramThatCannotStartRecordsNoEffect) {
  RecordingEffectSink effects;
  core::ProcessSpec spec = Shell("");
  spec.argv = {"/nonexistent/nova-no-such-program"};
  spec.hooks.effects = &effects;
  EXPECT_FALSE(runner_.Run(spec).ok());
  EXPECT_TRUE(effects.entries().empty());
}

}  // namespace
}  // namespace nova::sandbox

namespace nova::sandbox {
namespace {

// A build that keeps printing is making progress; one that prints nothing is not.
TEST(ProcessRunnerProgressTest, OutputGrowingInTheLogIsReportedAsProgress) {
  testing::TempDir dir;
  std::atomic<int> reports{0};
  core::ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "for i in 1 2 3 4 5; do echo line $i; sleep 0.2; done"};
  spec.working_dir = dir.path();
  spec.env = {{"PATH", "/usr/bin:/bin"}};
  spec.log_path = dir.path() / "run.log";
  spec.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  spec.hooks.progress = [&reports](std::string_view what) {
    EXPECT_EQ(what, "output from sh");
    ++reports;
  };
  core::BoostProcessRunner runner;
  ASSERT_TRUE(runner.Run(spec).ok());
  EXPECT_GE(reports.load(), 4);  // one per line that arrived between polls, at least

  std::atomic<int> silent_reports{0};
  spec.argv = {"/bin/sh", "-c", "sleep 0.5"};
  spec.log_path = dir.path() / "silent.log";
  testing::WriteFile(spec.log_path, "$ sleep 0.5\n");  // what a stage writes first is not output
  spec.hooks.progress = [&silent_reports](std::string_view) { ++silent_reports; };
  ASSERT_TRUE(runner.Run(spec).ok());
  EXPECT_EQ(silent_reports.load(), 0);
}

}  // namespace
}  // namespace nova::sandbox

namespace nova::sandbox {
namespace {

// Nova killed by SIGKILL while a sandboxed command runs: bwrap, its pid namespace and everything
// in it die with it. A forked stand-in for Nova starts the command and is killed once the
// command runs inside the sandbox. (In the first milliseconds after exec, before bwrap arms its
// parent-death signal, a kill leaves bwrap running; the next run's RemoveStaleWork kills it.)
TEST(ProcessRunnerDeathTest, KillingNovaKillsTheSandboxedTree) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    TempDir checkout;
    const std::string marker = testing::UniqueMarker("runner-orphan-" + std::to_string(attempt));
    const std::vector<std::string> argv = BubblewrapArgv(
        FindBubblewrap(), checkout.path(), "sh -c 'sleep 300; echo " + marker + "'");
    const pid_t nova = ::fork();
    ASSERT_GE(nova, 0);
    if (nova == 0) {
      core::BoostProcessRunner runner;
      core::ProcessSpec spec;
      spec.argv = argv;
      spec.env = SandboxEnvironment();
      spec.log_path = checkout.path() / "log";
      spec.deadline = steady_clock::now() + seconds(120);
      (void)runner.Run(spec);
      ::_exit(0);
    }
    // bwrap, the namespace's init (bwrap again), and the sh running the line.
    ASSERT_GE(nova::testing::WaitForProcessesWithMarker(marker, 3, seconds(30)), 3u)
        << "the command never ran";
    ::kill(nova, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(nova, &status, 0), nova);
    EXPECT_EQ(testing::WaitForNoProcessWithMarker(marker, seconds(5)), std::vector<int>{})
        << "attempt " << attempt << ": bwrap or the sandboxed command outlived its starter";
  }
}

}  // namespace
}  // namespace nova::sandbox
