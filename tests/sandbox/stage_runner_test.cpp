#include "sandbox/stage_runner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include <gtest/gtest.h>

#include "nova-core/cancellation.h"
#include "tests/sandbox/effect_recorder.h"
#include "tests/sandbox/test_util.h"

namespace nova::sandbox {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::ProgressLog;
using testing::ReadFile;
using testing::RecordingEffectSink;
using testing::TempDir;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class StageRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(root_.path().empty());
    std::filesystem::create_directories(checkout_);
  }

  core::Result<StageOutcome> Run(std::vector<std::string> build, std::vector<std::string> test,
                                 SandboxMode mode = SandboxMode::kBubblewrap, int timeout_s = 60,
                                 const core::WorkHooks& hooks = {}) {
    core::SandboxSettings settings;
    settings.build = std::move(build);
    settings.test = std::move(test);
    settings.timeout_s = timeout_s;
    return RunStages(settings, checkout_, log_, mode, hooks);
  }

  TempDir root_;
  std::filesystem::path checkout_ = root_.path() / "checkout";
  std::filesystem::path log_ = root_.path() / "logs" / "run.log";
};

TEST_F(StageRunnerTest, PassingBuildAndTest) {
  core::Result<StageOutcome> outcome =
      Run({"echo building; echo built > artifact.txt"}, {"test -f artifact.txt && echo tested"});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed);
  EXPECT_EQ(outcome->stage, Stage::kDone);
  EXPECT_EQ(outcome->exit_code, 0);
  EXPECT_TRUE(outcome->failed_command.empty());
  EXPECT_EQ(outcome->log, log_);
  EXPECT_EQ(ReadFile(checkout_ / "artifact.txt"), "built\n");
  const std::string log = ReadFile(log_);
  EXPECT_TRUE(Contains(log, "$ echo building; echo built > artifact.txt\nbuilding\n")) << log;
  EXPECT_TRUE(Contains(log, "$ test -f artifact.txt && echo tested\ntested\n")) << log;
  EXPECT_TRUE(Contains(log, "passed")) << log;
  EXPECT_EQ(outcome->log_excerpt, log);
  EXPECT_EQ(DescribeExit(*outcome), "passed");
}

TEST_F(StageRunnerTest, FailingTestLineStopsTheRun) {
  core::Result<StageOutcome> outcome =
      Run({"true"}, {"echo first", "echo broken >&2; exit 2", "echo never-run"});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_FALSE(outcome->passed);
  EXPECT_EQ(outcome->stage, Stage::kTest);
  EXPECT_EQ(outcome->exit_code, 2);
  EXPECT_EQ(outcome->signal, 0);
  EXPECT_FALSE(outcome->timed_out);
  EXPECT_EQ(outcome->failed_command, "echo broken >&2; exit 2");
  EXPECT_TRUE(Contains(outcome->log_excerpt, "broken")) << outcome->log_excerpt;
  EXPECT_TRUE(Contains(outcome->log_excerpt, "test failed, exit status 2")) << outcome->log_excerpt;
  EXPECT_FALSE(Contains(ReadFile(log_), "never-run"));
  EXPECT_EQ(DescribeExit(*outcome), "exit status 2");
}

TEST_F(StageRunnerTest, FailingBuildLineSkipsTheTests) {
  core::Result<StageOutcome> outcome = Run({"exit 7"}, {"echo tests-ran > ran.txt"});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->stage, Stage::kBuild);
  EXPECT_EQ(outcome->exit_code, 7);
  EXPECT_FALSE(std::filesystem::exists(checkout_ / "ran.txt"));
}

TEST_F(StageRunnerTest, LogExcerptKeepsTheLast40Lines) {
  core::Result<StageOutcome> outcome = Run({"seq 1 100; exit 1"}, {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  const std::string& excerpt = outcome->log_excerpt;
  EXPECT_EQ(std::count(excerpt.begin(), excerpt.end(), '\n'), 40) << excerpt;
  EXPECT_TRUE(Contains(excerpt, "\n100\n")) << excerpt;
  EXPECT_FALSE(Contains(excerpt, "\n60\n")) << excerpt;
}

TEST_F(StageRunnerTest, WritesOutsideTheCheckoutFail) {
  TempDir outside("/var/tmp");
  ASSERT_FALSE(outside.path().empty());
  const std::string escape = "/usr/nova-escape-" + std::to_string(::getpid());
  core::Result<StageOutcome> outcome = Run(
      {"test -d " + outside.path().string() + " && echo outside-visible",
       "touch " + escape + " || echo usr-denied",
       "echo x > " + outside.path().string() + "/escaped || echo outside-denied",
       "echo inside > " + checkout_.string() + "/inside.txt"},
      {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  const std::string log = ReadFile(log_);
  EXPECT_TRUE(Contains(log, "outside-visible")) << log;
  EXPECT_TRUE(Contains(log, "usr-denied")) << log;
  EXPECT_TRUE(Contains(log, "outside-denied")) << log;
  EXPECT_FALSE(std::filesystem::exists(escape));
  EXPECT_FALSE(std::filesystem::exists(outside.path() / "escaped"));
  EXPECT_EQ(ReadFile(checkout_ / "inside.txt"), "inside\n");
}

// Regression: run as root, bwrap kept every capability and the command could remount / rw.
TEST_F(StageRunnerTest, RootInTheSandboxCannotRemountTheSystemWritable) {
  const std::string escape = "/usr/nova-remount-escape-" + std::to_string(::getpid());
  core::Result<StageOutcome> outcome =
      Run({"grep CapEff /proc/self/status > caps.txt",
           "mount -o remount,bind,rw / || echo remount-denied",
           "touch " + escape + " || echo usr-denied"},
          {});
  std::error_code ignored;
  const bool escaped = std::filesystem::remove(escape, ignored);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_FALSE(escaped);
  EXPECT_EQ(ReadFile(checkout_ / "caps.txt"), "CapEff:\t0000000000000000\n");
  const std::string log = ReadFile(log_);
  EXPECT_TRUE(Contains(log, "remount-denied")) << log;
  EXPECT_TRUE(Contains(log, "usr-denied")) << log;
}

TEST_F(StageRunnerTest, TmpIsPrivate) {
  const std::string name = testing::UniqueMarker("tmp");
  core::Result<StageOutcome> outcome =
      Run({"echo x > /tmp/" + name + " && test -f /tmp/" + name}, {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  EXPECT_FALSE(std::filesystem::exists("/tmp/" + name));
}

TEST_F(StageRunnerTest, OnlyLoopbackAndNoConnectionToTheHost) {
  // A listener on the host's loopback: reachable without the sandbox, not from inside it.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string port = std::to_string(ntohs(address.sin_port));
  const std::string connect =
      "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + port + "' 2>/dev/null && echo connected > net.txt "
      "|| echo refused > net.txt";

  core::Result<StageOutcome> sandboxed =
      Run({"cat /proc/net/dev > dev.txt", connect}, {}, SandboxMode::kBubblewrap);
  ASSERT_TRUE(sandboxed.ok()) << sandboxed.status().ToString();
  EXPECT_TRUE(sandboxed->passed) << sandboxed->log_excerpt;
  const std::string dev = ReadFile(checkout_ / "dev.txt");
  std::vector<std::string> interfaces;
  std::istringstream lines(dev);
  std::string line;
  while (std::getline(lines, line)) {
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    interfaces.push_back(name);
  }
  EXPECT_EQ(interfaces, std::vector<std::string>{"lo"}) << dev;
  EXPECT_EQ(ReadFile(checkout_ / "net.txt"), "refused\n");

  core::Result<StageOutcome> host = Run({connect}, {}, SandboxMode::kNone);
  ASSERT_TRUE(host.ok()) << host.status().ToString();
  EXPECT_EQ(ReadFile(checkout_ / "net.txt"), "connected\n") << "the control connection failed";
  ::close(listener);
}

TEST_F(StageRunnerTest, SecretsInNovasEnvironmentDoNotReachTheSandbox) {
  ::setenv("NOVA_TEST_SECRET_TOKEN", "xyz", 1);
  core::Result<StageOutcome> outcome = Run({"env > env.txt"}, {});
  ::unsetenv("NOVA_TEST_SECRET_TOKEN");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  const std::string env = ReadFile(checkout_ / "env.txt");
  EXPECT_FALSE(Contains(env, "NOVA_TEST_SECRET_TOKEN")) << env;
  EXPECT_FALSE(Contains(env, "xyz")) << env;
  EXPECT_TRUE(Contains(env, "PATH=/usr/local/bin:/usr/bin:/bin\n")) << env;
  EXPECT_TRUE(Contains(env, "HOME=/tmp\n")) << env;
  EXPECT_TRUE(Contains(env, "CCACHE_DISABLE=1\n")) << env;
}

TEST_F(StageRunnerTest, OwnPidNamespace) {
  core::Result<StageOutcome> outcome =
      Run({"echo $$ > pid.txt; ls /proc | grep -c '^[0-9]' > count.txt"}, {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_LE(std::stoi(ReadFile(checkout_ / "pid.txt")), 3);
  EXPECT_LE(std::stoi(ReadFile(checkout_ / "count.txt")), 5);
}

TEST_F(StageRunnerTest, TimeLimitKillsTheWholeSandboxedTree) {
  const std::string marker = testing::UniqueMarker("hang");
  const auto start = steady_clock::now();
  core::Result<StageOutcome> outcome =
      Run({"true"}, {"sh -c 'sleep 600; echo " + marker + "' & sleep 600"},
          SandboxMode::kBubblewrap, /*timeout_s=*/2);
  const auto elapsed = steady_clock::now() - start;
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_FALSE(outcome->passed);
  EXPECT_TRUE(outcome->timed_out);
  EXPECT_EQ(outcome->stage, Stage::kTest);
  EXPECT_EQ(outcome->signal, SIGKILL);
  EXPECT_LT(elapsed, seconds(6));
  EXPECT_EQ(DescribeExit(*outcome), "killed by the time limit (2 s)");
  EXPECT_TRUE(Contains(outcome->log_excerpt, "killed by the time limit")) << outcome->log_excerpt;
  const std::vector<int> left = testing::WaitForNoProcessWithMarker(marker, seconds(5));
  EXPECT_TRUE(left.empty()) << left.size() << " process(es) survived, first pid " << left.front();
}

TEST_F(StageRunnerTest, TimeLimitBoundsTheWholeRunNotEachCommand) {
  const auto start = steady_clock::now();
  core::Result<StageOutcome> outcome =
      Run({"sleep 1", "sleep 1"}, {"sleep 30"}, SandboxMode::kBubblewrap, /*timeout_s=*/2);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->timed_out);
  EXPECT_LT(steady_clock::now() - start, seconds(5));
}

TEST_F(StageRunnerTest, ModeNoneRunsWithoutBwrapAndStillClearsTheEnvironment) {
  ::setenv("NOVA_TEST_SECRET_TOKEN", "xyz", 1);
  const std::string marker = testing::UniqueMarker("none");
  core::Result<StageOutcome> outcome =
      Run({"env > env.txt; echo $$ > pid.txt; echo " + marker + " > /tmp/" + marker}, {},
          SandboxMode::kNone);
  ::unsetenv("NOVA_TEST_SECRET_TOKEN");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  EXPECT_FALSE(Contains(ReadFile(checkout_ / "env.txt"), "NOVA_TEST_SECRET_TOKEN"));
  EXPECT_GT(std::stoi(ReadFile(checkout_ / "pid.txt")), 3);  // the host's pid namespace
  EXPECT_TRUE(std::filesystem::exists("/tmp/" + marker));    // the host's /tmp
  std::filesystem::remove("/tmp/" + marker);
}

TEST_F(StageRunnerTest, ModeNoneAlsoKillsBackgroundChildrenAtTheTimeLimit) {
  const std::string marker = testing::UniqueMarker("none-hang");
  core::Result<StageOutcome> outcome =
      Run({"sh -c 'sleep 600; echo " + marker + "' & sleep 600"}, {}, SandboxMode::kNone, 1);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->timed_out);
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

TEST_F(StageRunnerTest, MissingCheckoutIsNotFound) {
  core::SandboxSettings settings;
  settings.build = {"true"};
  core::Result<StageOutcome> outcome =
      RunStages(settings, root_.path() / "missing", log_, SandboxMode::kBubblewrap);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), core::StatusCode::kNotFound);
}

TEST_F(StageRunnerTest, NonPositiveTimeoutIsInvalidArgument) {
  core::Result<StageOutcome> outcome = Run({"true"}, {}, SandboxMode::kBubblewrap, 0);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), core::StatusCode::kInvalidArgument);
}

TEST_F(StageRunnerTest, RelativeCheckoutAndLogPathsBecomeAbsolute) {
  const std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(root_.path());
  core::SandboxSettings settings;
  settings.build = {"echo rel > rel.txt"};
  core::Result<StageOutcome> outcome =
      RunStages(settings, "checkout", "logs/relative.log", SandboxMode::kBubblewrap);
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  EXPECT_TRUE(outcome->log.is_absolute());
  EXPECT_TRUE(std::filesystem::exists(root_.path() / "logs" / "relative.log"));
  EXPECT_EQ(ReadFile(checkout_ / "rel.txt"), "rel\n");
}

TEST_F(StageRunnerTest, ProgressNamesEachCommandBeforeItRuns) {
  ProgressLog progress;
  core::WorkHooks hooks;
  // Each message must come before its command: the callback sees no output of it yet.
  std::vector<bool> output_seen;
  hooks.progress = progress.Callback([&](std::string_view) {
    output_seen.push_back(std::filesystem::exists(checkout_ / "b.txt"));
  });
  core::Result<StageOutcome> outcome =
      Run({"true", "echo b > b.txt"}, {"test -f b.txt"}, SandboxMode::kBubblewrap, 60, hooks);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed);
  EXPECT_EQ(progress.messages(), (std::vector<std::string>{"build: true", "build: echo b > b.txt",
                                                           "test: test -f b.txt"}));
  EXPECT_EQ(output_seen, (std::vector<bool>{false, false, true}));
}

TEST_F(StageRunnerTest, CancellationKillsTheRunningCommandAndStartsNoOther) {
  const std::string marker = testing::UniqueMarker("stage-cancel");
  const std::string hang = "touch started; sleep 60; echo " + marker;
  core::CancelToken token;
  ProgressLog progress;
  core::WorkHooks hooks;
  hooks.cancel = &token;
  hooks.progress = progress.Callback();
  std::thread canceller([&] {
    for (int i = 0; i < 3000 && !std::filesystem::exists(checkout_ / "started"); ++i) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    token.Cancel(core::CancelledError("SIGINT"));
  });
  const auto start = steady_clock::now();
  core::Result<StageOutcome> outcome =
      Run({hang, "touch second"}, {"touch tested"}, SandboxMode::kBubblewrap, 120, hooks);
  const auto elapsed = steady_clock::now() - start;
  canceller.join();
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_FALSE(outcome->passed);
  EXPECT_TRUE(outcome->cancelled);
  EXPECT_FALSE(outcome->timed_out);
  EXPECT_EQ(outcome->stage, Stage::kBuild);
  EXPECT_EQ(outcome->failed_command, hang);
  EXPECT_EQ(DescribeExit(*outcome), "cancelled: SIGINT");
  EXPECT_LT(elapsed, seconds(10));
  EXPECT_FALSE(std::filesystem::exists(checkout_ / "second"));
  EXPECT_FALSE(std::filesystem::exists(checkout_ / "tested"));
  EXPECT_EQ(progress.messages(), std::vector<std::string>{"build: " + hang});
  EXPECT_TRUE(Contains(outcome->log_excerpt, "build cancelled (SIGINT)")) << outcome->log_excerpt;
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

// The token fires between two commands (when the first one's end is recorded): the stage runner
// itself must refuse to start the next one.
TEST_F(StageRunnerTest, CancellationBetweenCommandsStopsBeforeTheNextOne) {
  core::CancelToken token;
  RecordingEffectSink effects([&](std::string_view kind, const nlohmann::json&) {
    if (kind == core::effect::kProcessEnded) token.Cancel(core::CancelledError("SIGTERM"));
  });
  ProgressLog progress;
  core::WorkHooks hooks;
  hooks.cancel = &token;
  hooks.effects = &effects;
  hooks.progress = progress.Callback();
  core::Result<StageOutcome> outcome =
      Run({"touch first"}, {"touch second"}, SandboxMode::kBubblewrap, 60, hooks);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->cancelled);
  EXPECT_FALSE(outcome->passed);
  EXPECT_EQ(outcome->stage, Stage::kTest);
  EXPECT_EQ(outcome->failed_command, "touch second");
  EXPECT_TRUE(std::filesystem::exists(checkout_ / "first"));
  EXPECT_FALSE(std::filesystem::exists(checkout_ / "second"));
  EXPECT_EQ(progress.messages(), std::vector<std::string>{"build: touch first"});
  EXPECT_EQ(effects.Of(core::effect::kProcessStarted).size(), 1u);
  EXPECT_TRUE(Contains(ReadFile(log_), "nova: not started, cancelled (SIGTERM): touch second"));
}

TEST_F(StageRunnerTest, AlreadyCancelledRunsNothing) {
  core::CancelToken token;
  token.Cancel(core::CancelledError("deadline of the run"));
  ProgressLog progress;
  core::WorkHooks hooks;
  hooks.cancel = &token;
  hooks.progress = progress.Callback();
  core::Result<StageOutcome> outcome =
      Run({"touch built"}, {}, SandboxMode::kBubblewrap, 60, hooks);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->cancelled);
  EXPECT_EQ(outcome->failed_command, "touch built");
  EXPECT_EQ(DescribeExit(*outcome), "cancelled: deadline of the run");
  EXPECT_FALSE(std::filesystem::exists(checkout_ / "built"));
  EXPECT_TRUE(progress.messages().empty());
}

TEST(DescribeExitTest, Texts) {
  StageOutcome outcome;
  outcome.exit_code = 2;
  EXPECT_EQ(DescribeExit(outcome), "exit status 2");
  outcome.exit_code = -1;
  outcome.signal = 9;
  EXPECT_EQ(DescribeExit(outcome), "killed by signal 9");
  outcome.timed_out = true;
  outcome.timeout_s = 30;
  EXPECT_EQ(DescribeExit(outcome), "killed by the time limit (30 s)");
  StageOutcome passed;
  passed.passed = true;
  passed.stage = Stage::kDone;
  EXPECT_EQ(DescribeExit(passed), "passed");
  StageOutcome cancelled;
  cancelled.cancelled = true;
  cancelled.signal = 9;
  cancelled.cancel_reason = "SIGINT";
  EXPECT_EQ(DescribeExit(cancelled), "cancelled: SIGINT");
}

TEST(StageNameTest, Names) {
  EXPECT_EQ(StageName(Stage::kCheckout), "checkout");
  EXPECT_EQ(StageName(Stage::kBuild), "build");
  EXPECT_EQ(StageName(Stage::kTest), "test");
  EXPECT_EQ(StageName(Stage::kDone), "done");
}

TEST(LogTailTest, KeepsTheLastLinesWithinTheByteBound) {
  TempDir dir;
  const std::filesystem::path file = dir.path() / "log";
  std::string text;
  for (int i = 1; i <= 10; ++i) text += "line" + std::to_string(i) + "\n";
  testing::WriteFile(file, text);
  EXPECT_EQ(LogTail(file, 3), "line8\nline9\nline10\n");
  EXPECT_EQ(LogTail(file, 40), text);
  // 14 bytes: "\nline9\nline10\n" -> the partial first line is dropped.
  EXPECT_EQ(LogTail(file, 40, 14), "line9\nline10\n");
  EXPECT_EQ(LogTail(dir.path() / "missing"), "");
}

}  // namespace
}  // namespace nova::sandbox
