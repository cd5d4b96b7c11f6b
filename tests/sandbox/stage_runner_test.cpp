#include "sandbox/stage_runner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "nova-core/cancellation.h"
#include "nova-core/process/boost_process_runner.h"
#include "nova-core/process/capped_output.h"
#include "nova-core/process/limits.h"
#include "sandbox/nesting.h"
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
    sandbox::SandboxSettings settings = Settings(std::move(build), std::move(test));
    settings.timeout_s = timeout_s;
    return RunStages(settings, checkout_, log_, mode, runner_, hooks);
  }

  // Settings with the given lines and a 60 s budget; the limits keep their defaults. Most cases
  // here are about build lines alone, so no test line is allowed; the cases of "no test ran"
  // turn that off.
  static sandbox::SandboxSettings Settings(std::vector<std::string> build,
                                        std::vector<std::string> test) {
    sandbox::SandboxSettings settings;
    settings.build = std::move(build);
    settings.test = std::move(test);
    settings.timeout_s = 60;
    settings.allow_no_tests = true;
    return settings;
  }

  core::BoostProcessRunner runner_;
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
  EXPECT_EQ(outcome->limit_note, "");
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
  sandbox::SandboxSettings settings =
      Settings({"test -d " + outside.path().string() + " && echo outside-visible",
                "touch " + escape + " || echo usr-denied",
                "echo x > " + outside.path().string() + "/escaped || echo outside-denied",
                "echo inside > " + checkout_.string() + "/inside.txt"},
               {});
  settings.ro_binds = {outside.path().string()};  // shown, so the write is really refused
  core::Result<StageOutcome> outcome =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
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

// Regression: the host's / was bound whole, so a test could print the token actions/checkout
// leaves in .git/config, ~/.git-credentials, ~/.ssh and other workspaces into the verdict log.
TEST_F(StageRunnerTest, OnlyTheSystemDirectoriesOfTheHostAreVisible) {
  TempDir outside("/var/tmp");
  const std::string marker = testing::UniqueMarker("secret");
  testing::WriteFile(outside.path() / "credentials", marker + "\n");
  const std::string file = (outside.path() / "credentials").string();
  core::Result<StageOutcome> outcome =
      Run({"ls -A / > root.txt", "ls -A /var > var.txt", "cat " + file + " || echo outside-hidden",
           "test -e /etc/shadow || echo shadow-absent", "test -e /etc/ssh || echo ssh-absent",
           "git init -q repo && echo git-works",
           "test -x /usr/bin/c++ && test -x /bin/sh && test -r /etc/passwd && echo system-visible",
           "nproc > cpus.txt"},
          {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  const std::string log = ReadFile(log_);
  EXPECT_FALSE(Contains(log, marker)) << log;
  EXPECT_TRUE(Contains(log, "outside-hidden")) << log;
  EXPECT_TRUE(Contains(log, "shadow-absent")) << log;
  EXPECT_TRUE(Contains(log, "ssh-absent")) << log;
  EXPECT_TRUE(Contains(log, "git-works")) << log;
  EXPECT_TRUE(Contains(log, "system-visible")) << log;
  EXPECT_GE(std::stoi(ReadFile(checkout_ / "cpus.txt")), 1);
  std::istringstream entries(ReadFile(checkout_ / "root.txt"));
  std::string entry;
  std::vector<std::string> unexpected;
  while (std::getline(entries, entry)) {
    const bool system = entry == "bin" || entry == "sbin" || entry == "usr" || entry == "etc" ||
                        entry == "opt" || entry.rfind("lib", 0) == 0;
    const bool sandbox =
        entry == "dev" || entry == "proc" || entry == "sys" || entry == "tmp" || entry == "var";
    if (!system && !sandbox) unexpected.push_back(entry);
  }
  EXPECT_EQ(unexpected, std::vector<std::string>{}) << "home, root, run, mnt... must not show";
  EXPECT_EQ(ReadFile(checkout_ / "var.txt"), "tmp\n") << "only /var/tmp, the private /tmp";
  // The control: the host has what the sandbox hid.
  EXPECT_EQ(ReadFile(outside.path() / "credentials"), marker + "\n");
}

TEST_F(StageRunnerTest, AddedPathsAreVisibleReadOnly) {
  TempDir tools("/var/tmp");
  testing::WriteFile(tools.path() / "tool.txt", "tool\n");
  sandbox::SandboxSettings settings =
      Settings({"cat " + (tools.path() / "tool.txt").string(),
                "touch " + (tools.path() / "new").string() + " || echo tools-read-only"},
               {});
  settings.ro_binds = {tools.path().string()};
  core::Result<StageOutcome> outcome =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  const std::string log = ReadFile(log_);
  EXPECT_TRUE(Contains(log, "\ntool\n")) << log;
  EXPECT_TRUE(Contains(log, "tools-read-only")) << log;
  EXPECT_FALSE(std::filesystem::exists(tools.path() / "new"));
}

TEST_F(StageRunnerTest, AMissingAddedPathStopsTheRunNamingTheKey) {
  sandbox::SandboxSettings settings = Settings({"touch built"}, {});
  settings.ro_binds = {(root_.path() / "no-such-toolchain").string()};
  core::Result<StageOutcome> outcome =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(
      outcome.status().message(),
      "sandbox.ro_binds: '" + (root_.path() / "no-such-toolchain").string() + "' does not exist"))
      << outcome.status().ToString();
  EXPECT_FALSE(std::filesystem::exists(checkout_ / "built"));
}

// Regression: a project without tests passed the gate on its build alone.
TEST_F(StageRunnerTest, NoTestLineIsRedUnlessAllowed) {
  sandbox::SandboxSettings settings = Settings({"touch built"}, {});
  settings.allow_no_tests = false;
  core::Result<StageOutcome> red =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(red.ok()) << red.status().ToString();
  EXPECT_FALSE(red->passed);
  EXPECT_EQ(red->stage, Stage::kTest);
  EXPECT_EQ(red->no_tests, "sandbox.test has no line");
  EXPECT_TRUE(RedOnlyForNoTests(*red));
  EXPECT_EQ(DescribeExit(*red),
            "no test ran: sandbox.test has no line; add a test, or set sandbox.allow_no_tests to "
            "accept a build alone");
  EXPECT_TRUE(Contains(ReadFile(log_), "nova: no test ran: sandbox.test has no line"))
      << ReadFile(log_);
  EXPECT_TRUE(std::filesystem::exists(checkout_ / "built"));

  settings.allow_no_tests = true;
  core::Result<StageOutcome> allowed = RunStages(settings, checkout_, root_.path() / "allowed.log",
                                                 SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  EXPECT_TRUE(allowed->passed);
  EXPECT_EQ(DescribeExit(*allowed),
            "passed; no test ran: sandbox.test has no line (sandbox.allow_no_tests)");
}

// A CMake project with no test, built for real: ctest says "No tests were found!!!" and exits 0
// unless told --no-tests=error.
TEST_F(StageRunnerTest, CtestFindingNoTestsIsRedUnlessAllowed) {
  testing::WriteFile(
      checkout_ / "CMakeLists.txt",
      "cmake_minimum_required(VERSION 3.16)\nproject(empty NONE)\nenable_testing()\n");
  const std::string configure = "cmake -S . -B build";
  const std::string ctest = "ctest --test-dir build";
  sandbox::SandboxSettings settings = Settings({configure}, {"true", ctest});
  settings.allow_no_tests = false;
  core::Result<StageOutcome> red =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(red.ok()) << red.status().ToString();
  EXPECT_FALSE(red->passed) << red->log_excerpt;
  EXPECT_EQ(red->stage, Stage::kTest);
  EXPECT_EQ(red->failed_command, ctest);
  EXPECT_EQ(red->no_tests, "ctest found no tests in '" + ctest + "'");
  EXPECT_TRUE(Contains(DescribeExit(*red), "no test ran: ctest found no tests"))
      << DescribeExit(*red);

  settings.test = {ctest + " --no-tests=error"};
  core::Result<StageOutcome> flag =
      RunStages(settings, checkout_, root_.path() / "flag.log", SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(flag.ok()) << flag.status().ToString();
  EXPECT_FALSE(flag->passed);
  EXPECT_EQ(flag->exit_code, 8);
  EXPECT_EQ(DescribeExit(*flag),
            "exit status 8; no test ran: ctest found no tests in '" + ctest + " --no-tests=error'");

  settings.test = {ctest};
  settings.allow_no_tests = true;
  core::Result<StageOutcome> allowed = RunStages(settings, checkout_, root_.path() / "allowed.log",
                                                 SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  EXPECT_TRUE(allowed->passed) << allowed->log_excerpt;
  EXPECT_EQ(DescribeExit(*allowed), "passed; no test ran: ctest found no tests in '" + ctest +
                                        "' (sandbox.allow_no_tests)");
  EXPECT_TRUE(Contains(ReadFile(root_.path() / "allowed.log"), "no test ran"))
      << ReadFile(root_.path() / "allowed.log");
}

// One shell word: `text` in single quotes.
std::string Quoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Nova's own tests run Nova's sandbox inside Nova's sandbox. Run by root, bwrap covers /proc's
// writable entries, so the kernel refuses the inner sandbox a /proc of its own, and a uid 0
// without CAP_SETFCAP cannot map itself into a nested user namespace.
TEST_F(StageRunnerTest, ANestedSandboxRunsWhenTheSettingsSaySo) {
  std::filesystem::permissions(root_.path(), std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);  // the way to the checkout
  // Nova's own profile for a checkout inside the outer one, as one shell line.
  const auto settings_in = [](const std::filesystem::path& checkout) {
    std::string command;
    for (const std::string& arg : BubblewrapArgv(FindBubblewrap(), checkout / "inner",
                                                 "ls /proc | grep -c '^[0-9]' > processes.txt")) {
      command += Quoted(arg) + " ";
    }
    return Settings({"id -u > uid.txt", "mkdir -p inner", command + "&& echo inner-ran"}, {});
  };
  sandbox::SandboxSettings settings = settings_in(checkout_);
  settings.nested = true;
  core::Result<StageOutcome> nested =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(nested.ok()) << nested.status().ToString();
  EXPECT_TRUE(nested->passed) << nested->log_excerpt;
  EXPECT_TRUE(Contains(ReadFile(log_), "inner-ran")) << ReadFile(log_);
  EXPECT_LE(std::stoi(ReadFile(checkout_ / "inner/processes.txt")), 5)
      << "the inner sandbox has a /proc of its own";
  if (::geteuid() == 0) {
    EXPECT_EQ(ReadFile(checkout_ / "uid.txt"), "65534\n");
    EXPECT_FALSE(Contains(nested->limits, "running as root")) << nested->limits;
  }

  // The control: run by root without the setting, the inner sandbox cannot start.
  const std::filesystem::path plain_checkout = root_.path() / "plain";
  std::filesystem::create_directories(plain_checkout);
  core::Result<StageOutcome> plain =
      RunStages(settings_in(plain_checkout), plain_checkout, root_.path() / "plain.log",
                SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->passed, ::geteuid() != 0) << plain->log_excerpt;
}

TEST(HandOverTest, ADirectoryAboveTheCheckoutThatBarsTheSandboxsUserIsNamed) {
  TempDir closed;  // mode 0700, ours
  std::filesystem::create_directories(closed.path() / "repo/checkout");
  // Another user than this test's own (which is nobody's in Nova's own nested gate).
  const core::RunAs other = ::geteuid() == kNestedUid ? core::RunAs{kNestedUid - 1, kNestedGid - 1}
                                               : core::RunAs{kNestedUid, kNestedGid};
  const core::Status status = HandOver(other, closed.path() / "repo/checkout", "");
  EXPECT_EQ(status.code(), core::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(status.message(), "through " + closed.path().string() + ";"))
      << status.message();
  EXPECT_TRUE(Contains(status.message(), "chmod o+x")) << status.message();
}

// Checkouts live inside the user's repository (.nova/work/): git in the build must not find it.
TEST_F(StageRunnerTest, GitDoesNotFindTheRepositoryAroundTheCheckout) {
  nova::testing::InitRepo(root_.path(), {{"README", "users repo\n"}});
  const std::string probe = "git rev-parse --show-toplevel && echo found-a-repo || echo no-repo";
  core::Result<StageOutcome> outcome = Run({probe}, {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  const std::string log = ReadFile(log_);
  EXPECT_TRUE(Contains(log, "\nno-repo\n")) << log;
  EXPECT_FALSE(Contains(log, "\nfound-a-repo\n")) << log;
  // The control: without the ceiling, git finds it.
  const nova::testing::CommandResult host = nova::testing::RunShell(checkout_, probe);
  EXPECT_TRUE(Contains(host.output, "found-a-repo")) << host.output;
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
  sandbox::SandboxSettings settings;
  settings.build = {"true"};
  core::Result<StageOutcome> outcome =
      RunStages(settings, root_.path() / "missing", log_, SandboxMode::kBubblewrap, runner_);
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
  const sandbox::SandboxSettings settings = Settings({"echo rel > rel.txt"}, {});
  core::Result<StageOutcome> outcome =
      RunStages(settings, "checkout", "logs/relative.log", SandboxMode::kBubblewrap, runner_);
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

// --- The hardened profile and the limits (issue 6). ---

TEST_F(StageRunnerTest, RootAndUsrAreReadOnlyButTheCheckoutAndTmpAreWritable) {
  const std::string name = "nova-root-escape-" + std::to_string(::getpid());
  core::Result<StageOutcome> outcome =
      Run({"touch /" + name + " || echo root-denied", "touch /usr/" + name + " || echo usr-denied",
           "awk '$5 == \"/\" {print $6}' /proc/self/mountinfo > root-options.txt",
           "echo inside > inside.txt", "echo t > /tmp/t && echo tmp-writable"},
          {});
  std::error_code ignored;
  const bool escaped = std::filesystem::remove("/" + name, ignored) |
                       std::filesystem::remove("/usr/" + name, ignored);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  EXPECT_FALSE(escaped);
  const std::string log = ReadFile(log_);
  EXPECT_TRUE(Contains(log, "root-denied")) << log;
  EXPECT_TRUE(Contains(log, "usr-denied")) << log;
  EXPECT_TRUE(Contains(log, "tmp-writable")) << log;
  const std::string options = ReadFile(checkout_ / "root-options.txt");
  EXPECT_EQ(options.rfind("ro,", 0), 0u) << options;  // the root mount itself is read-only
  EXPECT_EQ(ReadFile(checkout_ / "inside.txt"), "inside\n");
}

TEST_F(StageRunnerTest, TmpHasTheConfiguredSize) {
  sandbox::SandboxSettings settings =
      Settings({"head -c 3145728 /dev/zero > /tmp/big 2>/dev/null || echo tmp-full",
                "df -k /tmp | tail -1 | awk '{print $2}' > tmp-kib.txt"},
               {});
  settings.tmp_size_mb = 2;
  core::Result<StageOutcome> outcome =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  EXPECT_TRUE(Contains(ReadFile(log_), "tmp-full")) << ReadFile(log_);
  EXPECT_EQ(std::stoi(ReadFile(checkout_ / "tmp-kib.txt")), 2048);
}

TEST_F(StageRunnerTest, OnlyAllowlistedVariablesOfNovasEnvironmentReachTheSandbox) {
  ::setenv("GITHUB_TOKEN", "xyz", 1);
  ::setenv("FOO", "bar", 1);
  ::setenv("NOVA_TEST_NOT_LISTED", "unlisted", 1);
  ::unsetenv("NOVA_TEST_UNSET");
  sandbox::SandboxSettings settings = Settings({"env > env.txt"}, {"env > test-env.txt"});
  // GITHUB_TOKEN would be refused by the config; the profile skips it even when it gets here.
  settings.env = {"FOO", "GITHUB_TOKEN", "NOVA_TEST_UNSET"};
  core::Result<StageOutcome> outcome =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ::unsetenv("GITHUB_TOKEN");
  ::unsetenv("FOO");
  ::unsetenv("NOVA_TEST_NOT_LISTED");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  for (const char* file : {"env.txt", "test-env.txt"}) {
    const std::string env = ReadFile(checkout_ / file);
    EXPECT_TRUE(Contains(env, "\nFOO=bar\n") || env.rfind("FOO=bar\n", 0) == 0) << env;
    EXPECT_FALSE(Contains(env, "xyz")) << env;
    EXPECT_FALSE(Contains(env, "GITHUB_TOKEN")) << env;
    EXPECT_FALSE(Contains(env, "unlisted")) << env;
    EXPECT_FALSE(Contains(env, "NOVA_TEST_UNSET")) << env;
  }
}

// ccache's counters in `dir`, from `ccache --print-stats` on the host.
std::map<std::string, long long> CcacheStats(const std::filesystem::path& dir) {
  const testing::CommandResult stats =
      testing::RunShell(dir, "CCACHE_DIR='" + dir.string() + "' ccache --print-stats");
  EXPECT_EQ(stats.exit_code, 0) << stats.output;
  std::map<std::string, long long> counters;
  std::istringstream lines(stats.output);
  std::string name;
  long long value = 0;
  while (lines >> name >> value) counters[name] = value;
  return counters;
}

TEST_F(StageRunnerTest, CcacheIsSharedAcrossCheckoutsWritableForBuildsReadOnlyForTests) {
  const std::filesystem::path cache = root_.path() / "cache" / "ccache";  // created by the run
  const std::filesystem::path second = root_.path() / "elsewhere" / "checkout-2";
  std::filesystem::create_directories(second);
  const std::string source = "int answer(void) { return 42; }\n";
  testing::WriteFile(checkout_ / "lib.c", source);
  testing::WriteFile(second / "lib.c", source);
  // -g and an absolute source path: without CCACHE_BASEDIR and CCACHE_NOHASHDIR the two
  // checkouts would hash differently.
  sandbox::SandboxSettings settings = Settings(
      {"env | grep ^CCACHE_ | sort > ccache-env.txt", "ccache cc -g -c \"$PWD/lib.c\" -o lib.o"},
      {"test -f lib.o", "touch " + cache.string() + "/written-by-test || echo cache-ro"});
  settings.ccache_dir = cache.string();

  core::Result<StageOutcome> first =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->passed) << first->log_excerpt;
  ASSERT_TRUE(std::filesystem::is_directory(cache));
  std::map<std::string, long long> stats = CcacheStats(cache);
  EXPECT_EQ(stats["cache_miss"], 1) << ReadFile(log_);
  EXPECT_EQ(stats["direct_cache_hit"] + stats["preprocessed_cache_hit"], 0);
  EXPECT_EQ(ReadFile(checkout_ / "ccache-env.txt"), "CCACHE_BASEDIR=" + checkout_.string() +
                                                        "\nCCACHE_DIR=" + cache.string() +
                                                        "\nCCACHE_NOHASHDIR=1\n");
  EXPECT_TRUE(Contains(ReadFile(log_), "cache-ro")) << ReadFile(log_);
  EXPECT_FALSE(std::filesystem::exists(cache / "written-by-test"));

  core::Result<StageOutcome> again = RunStages(
      settings, second, root_.path() / "logs" / "second.log", SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->passed) << again->log_excerpt;
  stats = CcacheStats(cache);
  EXPECT_EQ(stats["cache_miss"], 1);
  EXPECT_EQ(stats["direct_cache_hit"] + stats["preprocessed_cache_hit"], 1)
      << ReadFile(root_.path() / "logs" / "second.log");
}

TEST_F(StageRunnerTest, WithoutACcacheDirCcacheIsDisabled) {
  core::Result<StageOutcome> outcome = Run({"env | grep ^CCACHE_ > ccache-env.txt"}, {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(ReadFile(checkout_ / "ccache-env.txt"), "CCACHE_DISABLE=1\n");
}

TEST_F(StageRunnerTest, TheLogStartsWithHowTheLimitsWereApplied) {
  sandbox::SandboxSettings settings = Settings({"grep 'Max address space' /proc/self/limits > as.txt",
                                             "grep 'Max processes' /proc/self/limits > nproc.txt"},
                                            {});
  core::Result<StageOutcome> outcome =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  const std::string log = ReadFile(log_);
  EXPECT_EQ(log.rfind("== nova: limits: " + outcome->limits +
                          "; /tmp: 1024 MiB; output kept "
                          "per command: 64 MiB; time: 60 s\n",
                      0),
            0u)
      << log;
  const core::LimitPlan plan = core::PlanLimits(core::ResourceLimits{8192, 4096});
  if (plan.memory == core::LimitMechanism::kRlimit) {
    EXPECT_EQ(outcome->limits.rfind("memory: RLIMIT_AS 8192 MiB (per process); ", 0), 0u);
    EXPECT_TRUE(Contains(ReadFile(checkout_ / "as.txt"), " 8589934592 "))
        << ReadFile(checkout_ / "as.txt");
  } else {
    EXPECT_EQ(outcome->limits.rfind("memory: cgroup v2 memory.max 8192 MiB; ", 0), 0u);
  }
  if (plan.pids == core::LimitMechanism::kRlimit) {
    EXPECT_TRUE(Contains(ReadFile(checkout_ / "nproc.txt"), " 4096 "))
        << ReadFile(checkout_ / "nproc.txt");
    if (::geteuid() == 0) {
      EXPECT_TRUE(
          Contains(outcome->limits, "pids: RLIMIT_NPROC 4096 (not enforced: running as root)"));
    }
  } else {
    EXPECT_TRUE(Contains(outcome->limits, "pids: cgroup v2 pids.max 4096"));
  }
}

constexpr const char* kAllocator = R"(#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  size_t size = (size_t)512 << 20;
  char* p = malloc(size);
  if (p == NULL) { perror("malloc"); return 3; }
  memset(p, 1, size);
  printf("allocated %d\n", p[size - 1]);
  return 0;
}
)";

TEST_F(StageRunnerTest, AllocatingPastTheMemoryLimitFailsAndTheOutcomeSaysWhy) {
  testing::WriteFile(checkout_ / "alloc.c", kAllocator);
  sandbox::SandboxSettings settings = Settings({"cc -O0 -o alloc alloc.c"}, {"./alloc"});
  settings.memory_mb = 256;
  core::Result<StageOutcome> limited =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(limited.ok()) << limited.status().ToString();
  EXPECT_FALSE(limited->passed);
  EXPECT_EQ(limited->stage, Stage::kTest) << limited->log_excerpt;
  EXPECT_TRUE(Contains(limited->limits, "256 MiB")) << limited->limits;
  EXPECT_TRUE(Contains(limited->limit_note, "memory limit")) << limited->log_excerpt;
  EXPECT_TRUE(Contains(DescribeExit(*limited), "256 MiB")) << DescribeExit(*limited);
  EXPECT_TRUE(Contains(limited->log_excerpt, "memory limit")) << limited->log_excerpt;

  settings.memory_mb = 0;
  core::Result<StageOutcome> unlimited =
      RunStages(settings, checkout_, root_.path() / "u.log", SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(unlimited.ok()) << unlimited.status().ToString();
  EXPECT_TRUE(unlimited->passed) << unlimited->log_excerpt;
  EXPECT_TRUE(Contains(unlimited->log_excerpt, "allocated 1")) << unlimited->log_excerpt;
  EXPECT_EQ(unlimited->limits.rfind("memory: off; ", 0), 0u) << unlimited->limits;
}

TEST_F(StageRunnerTest, OutputPastTheCapKeepsHeadAndTailAndNeverBlocksTheChild) {
  sandbox::SandboxSettings settings = Settings(
      {"echo HEAD-MARK; yes | head -c 2147483648; echo; echo TAIL-MARK", "echo after"}, {});
  settings.log_max_mb = 1;
  settings.timeout_s = 300;
  core::Result<StageOutcome> outcome =
      RunStages(settings, checkout_, log_, SandboxMode::kBubblewrap, runner_);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  const std::uintmax_t size = std::filesystem::file_size(log_);
  EXPECT_LE(size, 1100u * 1024u);
  EXPECT_GE(size, 1024u * 1024u);
  const std::string log = ReadFile(log_);
  const std::size_t head = log.find("$ echo HEAD-MARK");
  ASSERT_NE(head, std::string::npos);
  EXPECT_EQ(log.compare(head, 40, "$ echo HEAD-MARK; yes | head -c 21474836"), 0);
  EXPECT_TRUE(Contains(log, "\nHEAD-MARK\ny\ny\n"));
  // 2 GiB + "HEAD-MARK\n" + "\n" + "TAIL-MARK\n" written, 1 MiB kept.
  const std::uint64_t written = 2147483648ull + 10 + 1 + 10;
  EXPECT_TRUE(Contains(log, core::OmissionLine(written - (1 << 20)))) << log.substr(524288 - 200, 600);
  EXPECT_TRUE(Contains(log, "y\ny\n\nTAIL-MARK\n$ echo after\nafter\n")) << outcome->log_excerpt;
}

TEST_F(StageRunnerTest, ASetsidDaemonDoesNotSurviveTheStage) {
  const std::string marker = testing::UniqueMarker("daemon");
  core::Result<StageOutcome> outcome =
      Run({"setsid sh -c 'touch daemon-started; sleep 300; echo " + marker +
           "' & "
           "while [ ! -f daemon-started ]; do sleep 0.05; done; exit 0"},
          {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->passed) << outcome->log_excerpt;
  EXPECT_TRUE(std::filesystem::exists(checkout_ / "daemon-started"));
  const std::vector<int> left = testing::WaitForNoProcessWithMarker(marker, seconds(5));
  EXPECT_TRUE(left.empty()) << left.size() << " process(es) survived, first pid " << left.front();
}

TEST_F(StageRunnerTest, ASetsidDaemonOfAHangingLineDoesNotSurviveTheTimeLimit) {
  const std::string marker = testing::UniqueMarker("hang-daemon");
  const auto start = steady_clock::now();
  core::Result<StageOutcome> outcome = Run(
      {"true"}, {"setsid sh -c 'touch daemon-started; sleep 300; echo " + marker + "' & sleep 600"},
      SandboxMode::kBubblewrap, /*timeout_s=*/2);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->timed_out);
  EXPECT_TRUE(std::filesystem::exists(checkout_ / "daemon-started"));
  EXPECT_LT(steady_clock::now() - start, seconds(30));
  const std::vector<int> left = testing::WaitForNoProcessWithMarker(marker, seconds(5));
  EXPECT_TRUE(left.empty()) << left.size() << " process(es) survived, first pid " << left.front();
}

TEST_F(StageRunnerTest, ACommandKilledByASignalInBwrapIsDescribedAsSuch) {
  core::Result<StageOutcome> outcome = Run({"kill -9 $$"}, {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_FALSE(outcome->passed);
  EXPECT_EQ(outcome->exit_code, 137);  // bwrap's init reports 128+N
  EXPECT_EQ(DescribeExit(*outcome),
            "exit status 137 (128+9: the command was killed by signal 9, SIGKILL)");

  core::Result<StageOutcome> host = Run({"kill -9 $$"}, {}, SandboxMode::kNone);
  ASSERT_TRUE(host.ok()) << host.status().ToString();
  EXPECT_EQ(host->signal, 9);
  EXPECT_EQ(DescribeExit(*host), "killed by signal 9 (SIGKILL)");
}

TEST(DescribeExitTest, Texts) {
  StageOutcome outcome;
  outcome.exit_code = 2;
  EXPECT_EQ(DescribeExit(outcome), "exit status 2");
  outcome.exit_code = 137;
  EXPECT_EQ(DescribeExit(outcome),
            "exit status 137 (128+9: the command was killed by signal 9, SIGKILL)");
  outcome.exit_code = 129;
  EXPECT_EQ(DescribeExit(outcome),
            "exit status 129 (128+1: the command was killed by signal 1, SIGHUP)");
  outcome.exit_code = 159;
  EXPECT_EQ(DescribeExit(outcome),
            "exit status 159 (128+31: the command was killed by signal 31, SIGSYS)");
  outcome.exit_code = 128;
  EXPECT_EQ(DescribeExit(outcome), "exit status 128");
  outcome.exit_code = 160;
  EXPECT_EQ(DescribeExit(outcome), "exit status 160");
  outcome.exit_code = -1;
  outcome.signal = 9;
  EXPECT_EQ(DescribeExit(outcome), "killed by signal 9 (SIGKILL)");
  outcome.signal = 15;
  EXPECT_EQ(DescribeExit(outcome), "killed by signal 15 (SIGTERM)");
  outcome.signal = 9;
  outcome.timed_out = true;
  outcome.timeout_s = 30;
  EXPECT_EQ(DescribeExit(outcome), "killed by the time limit (30 s)");
  outcome.timed_out = false;
  outcome.signal = 0;
  outcome.exit_code = 3;
  outcome.limit_note = "likely the memory limit (RLIMIT_AS 256 MiB per process): why";
  EXPECT_EQ(DescribeExit(outcome),
            "exit status 3; likely the memory limit (RLIMIT_AS 256 MiB per process): why");
  EXPECT_EQ(SignalName(9), "SIGKILL");
  EXPECT_EQ(SignalName(0), "signal 0");
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

}  // namespace
}  // namespace nova::sandbox
