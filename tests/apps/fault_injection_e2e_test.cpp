// The fault-injection suite of the merge gate: real `nova fix` runs on a real repository, where
// the patched tree's build or tests misbehave in one way each (fail, hang, fork a daemon, reach
// for the network, write outside the checkout, read a token, race the target, conflict, or Nova
// itself is killed). Each case asserts that nothing unverified is merged, that the user's
// repository is unchanged, and that nothing the sandbox started outlives it. Plus the green case.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

using std::chrono::seconds;

// The faults fire only in the patched tree, the one holding nullptr: the base stays green, so a
// candidate is really judged.
std::string WhenPatched(const std::string& fault) {
  return "if grep -q nullptr demo.cpp; then " + fault + "; fi";
}

// A .nova.json whose build is one quick compile (the real CMake build is for the green case)
// and whose test lines are `tests`.
std::string QuickConfig(const std::vector<std::string>& tests, int timeout_s = 120) {
  nlohmann::json config = {
      {"sandbox",
       {{"build", {"c++ -fsyntax-only demo.cpp"}}, {"test", tests}, {"timeout_s", timeout_s}}}};
  return config.dump();
}

class FaultInjectionTest : public ::testing::Test {
 protected:
  std::filesystem::path repo() const { return temp_.path() / "repo"; }

  void Create(const std::string& nova_json) {
    CreateDemoRepo(repo(), nova_json);
    before_ = SnapshotRepo(repo(), "target");
    target_before_ = Git(repo(), "rev-parse target");
  }

  // `nova fix` with a JSON report; `env` is prepended to the command (e.g. "HOME=/x ").
  NovaRun Fix(const std::string& env = "") {
    return RunNova(repo(), "fix . --merge-into target --format json", true, env);
  }

  // The one patch of the run, after checking it was judged and not merged.
  nlohmann::json RejectedPatch(const NovaRun& run) {
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(run.report["baseline"]["passed"], true) << run.report.dump(2);
    if (run.report["patches"].size() != 1u) {
      ADD_FAILURE() << "expected one patch: " << run.report.dump(2);
      return {};
    }
    const nlohmann::json& patch = run.report["patches"][0];
    EXPECT_EQ(patch["merged"], false) << patch.dump(2);
    EXPECT_EQ(patch["verdict"]["passed"], false) << patch.dump(2);
    return patch;
  }

  void ExpectNothingMergedAndRepositoryUnchanged() {
    EXPECT_EQ(Git(repo(), "rev-parse target"), target_before_) << "the target moved";
    EXPECT_EQ(SnapshotRepo(repo(), "target"), before_) << "the user's repository changed";
  }

  TempDir temp_;
  RepoSnapshot before_;
  std::string target_before_;
};

TEST_F(FaultInjectionTest, GreenPatchIsMerged) {
  Create("");  // the real CMake build and ctest
  NovaRun run = Fix();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(run.report["patches"].size(), 1u) << run.report.dump(2);
  EXPECT_EQ(run.report["patches"][0]["merged"], true) << run.report.dump(2);
  EXPECT_NE(Git(repo(), "rev-parse target"), target_before_);
  EXPECT_EQ(Git(repo(), "show target:demo.cpp").find("NULL"), std::string::npos);
  EXPECT_EQ(SnapshotRepo(repo(), "target"), before_);
}

TEST_F(FaultInjectionTest, BuildFails) {
  // A real compile error, only in the patched tree.
  Create(nlohmann::json{{"sandbox",
                         {{"build", {WhenPatched("echo 'int broken(' >> demo.cpp"),
                                     "c++ -fsyntax-only demo.cpp"}},
                          {"test", {"true"}}}}}
             .dump());
  const nlohmann::json patch = RejectedPatch(Fix());
  EXPECT_EQ(patch["verdict"]["stage"], "build");
  EXPECT_NE(ReadFile(patch["verdict"]["log"].get<std::string>()).find("error"), std::string::npos);
  ExpectNothingMergedAndRepositoryUnchanged();
}

TEST_F(FaultInjectionTest, TestsFail) {
  Create(QuickConfig({WhenPatched("echo FAIL: patched; exit 1")}));
  const nlohmann::json patch = RejectedPatch(Fix());
  EXPECT_EQ(patch["verdict"]["stage"], "test");
  EXPECT_EQ(patch["verdict"]["exit_code"], 1);
  EXPECT_EQ(patch["verdict"]["flaky"], false);
  ExpectNothingMergedAndRepositoryUnchanged();
}

TEST_F(FaultInjectionTest, TestHangsAndIsKilledAtTheTimeLimit) {
  const std::string marker = UniqueMarker("fault-hang");
  Create(QuickConfig({WhenPatched("sh -c 'sleep 600; echo " + marker + "'")}, 5));
  const nlohmann::json patch = RejectedPatch(Fix());
  EXPECT_EQ(patch["verdict"]["timed_out"], true);
  EXPECT_NE(patch["reason"].get<std::string>().find("killed by the time limit (5 s)"),
            std::string::npos)
      << patch["reason"];
  EXPECT_EQ(WaitForNoProcessWithMarker(marker, seconds(5)), std::vector<int>{});
  ExpectNothingMergedAndRepositoryUnchanged();
}

TEST_F(FaultInjectionTest, TestForksASetsidDaemonAndExits) {
  // setsid leaves the process group Nova would kill; the pid namespace still ends with the test.
  const std::string marker = UniqueMarker("fault-daemon");
  Create(QuickConfig(
      {WhenPatched("setsid sh -c 'sleep 600; echo " + marker + "' > /dev/null 2>&1 & sleep 1; exit 1")}));
  const nlohmann::json patch = RejectedPatch(Fix());
  EXPECT_EQ(patch["verdict"]["exit_code"], 1);
  EXPECT_EQ(WaitForNoProcessWithMarker(marker, seconds(5)), std::vector<int>{})
      << "a daemon started by the test outlived the sandbox";
  ExpectNothingMergedAndRepositoryUnchanged();
}

// A .nova.json like QuickConfig's with extra `sandbox` keys.
std::string QuickConfigWith(const std::vector<std::string>& tests, const nlohmann::json& extra) {
  nlohmann::json config = nlohmann::json::parse(QuickConfig(tests));
  config["sandbox"].update(extra);
  return config.dump();
}

TEST_F(FaultInjectionTest, TestAllocatesPastTheMemoryLimit) {
  Create(QuickConfigWith({WhenPatched("python3 -c 'x = bytearray(1 << 30)'")},
                         {{"memory_mb", 256}}));
  const nlohmann::json patch = RejectedPatch(Fix());
  EXPECT_EQ(patch["verdict"]["stage"], "test");
  EXPECT_NE(patch["verdict"]["limits"].get<std::string>().find("256 MiB"), std::string::npos)
      << patch["verdict"].dump(2);
  EXPECT_NE(ReadFile(patch["verdict"]["log"].get<std::string>()).find("MemoryError"),
            std::string::npos);
  ExpectNothingMergedAndRepositoryUnchanged();
}

TEST_F(FaultInjectionTest, TestFillsTmp) {
  const std::string name = UniqueMarker("fault-fill");
  Create(QuickConfigWith(
      {WhenPatched("dd if=/dev/zero of=/tmp/" + name + " bs=1M count=64 || exit 1")},
      {{"tmp_size_mb", 16}}));
  const nlohmann::json patch = RejectedPatch(Fix());
  EXPECT_NE(ReadFile(patch["verdict"]["log"].get<std::string>()).find("No space left on device"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists("/tmp/" + name)) << "the sandbox's /tmp is the host's";
  ExpectNothingMergedAndRepositoryUnchanged();
}

TEST_F(FaultInjectionTest, TestPrintsGigabytes) {
  Create(QuickConfigWith({WhenPatched("yes | head -c 2147483648; exit 1")}, {{"log_max_mb", 1}}));
  const nlohmann::json patch = RejectedPatch(Fix());
  const std::filesystem::path log = patch["verdict"]["log"].get<std::string>();
  // Two runs of the failing line (the recheck), each capped at 1 MiB.
  EXPECT_LT(std::filesystem::file_size(log), 3u << 20);
  EXPECT_GT(patch["verdict"]["log_omitted_bytes"].get<std::uint64_t>(), 2000000000u);
  EXPECT_NE(ReadFile(log).find("bytes omitted"), std::string::npos);
  ExpectNothingMergedAndRepositoryUnchanged();
}

// A TCP listener on the host's loopback that counts the connections it accepts.
class LoopbackListener {
 public:
  LoopbackListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    socklen_t length = sizeof(address);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      while (true) {
        const int client = ::accept(fd_, nullptr, nullptr);
        if (client < 0) return;  // closed by the destructor
        ++accepted_;
        ::close(client);
      }
    });
  }
  ~LoopbackListener() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  int accepted() const { return accepted_.load(); }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

TEST_F(FaultInjectionTest, TestTriesToReachAListenerOnTheHostsLoopback) {
  LoopbackListener listener;
  const std::string connect = "python3 -c \"import socket; socket.create_connection(('127.0.0.1', " +
                              std::to_string(listener.port()) + "), timeout=3)\"";
  // The test passes only if it got through, so a leak would be merged and seen.
  Create(QuickConfig({WhenPatched(connect + " || exit 1")}));
  const nlohmann::json patch = RejectedPatch(Fix());
  EXPECT_EQ(listener.accepted(), 0) << "the sandboxed test reached the host's loopback";
  ExpectNothingMergedAndRepositoryUnchanged();
  // The control: the same command from the host does connect.
  EXPECT_EQ(RunShell(temp_.path(), connect).exit_code, 0);
  EXPECT_EQ(listener.accepted(), 1);
}

TEST_F(FaultInjectionTest, TestWritesToHomeAndToTheRoot) {
  const std::string marker = UniqueMarker("fault-write");
  const std::filesystem::path home = temp_.path() / "home";
  std::filesystem::create_directories(home);
  const std::filesystem::path in_home = home / (marker + ".txt");
  const std::filesystem::path in_root = "/" + marker + ".txt";
  const std::filesystem::path in_usr = "/usr/" + marker + ".txt";
  Create(QuickConfig({WhenPatched("echo x > " + in_home.string() + "; echo x > " +
                                  in_root.string() + "; echo x > " + in_usr.string() +
                                  "; echo x > \"$HOME/" + marker + "\"; exit 1")}));
  const nlohmann::json patch = RejectedPatch(Fix("HOME=" + home.string() + " "));
  const std::string log = ReadFile(patch["verdict"]["log"].get<std::string>());
  EXPECT_NE(log.find("Read-only file system"), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(in_home)) << "the test wrote to Nova's $HOME";
  EXPECT_FALSE(std::filesystem::exists(in_root)) << "the test wrote to /";
  EXPECT_FALSE(std::filesystem::exists(in_usr)) << "the test wrote to /usr";
  EXPECT_FALSE(std::filesystem::exists(home / marker));
  ExpectNothingMergedAndRepositoryUnchanged();
}

TEST_F(FaultInjectionTest, TestPrintsItsEnvironmentWhileATokenIsInNovas) {
  const std::string token = "ghp_" + UniqueMarker("fault-token");
  Create(QuickConfig({WhenPatched("env; exit 1")}));
  const nlohmann::json patch =
      RejectedPatch(Fix("GITHUB_TOKEN=" + token + " NOVA_TEST_SECRET=" + token + " "));
  const std::string log = ReadFile(patch["verdict"]["log"].get<std::string>());
  EXPECT_NE(log.find("PATH=/usr/local/bin:/usr/bin:/bin"), std::string::npos) << log;
  EXPECT_EQ(log.find(token), std::string::npos) << "the token reached the sandbox:\n" << log;
  EXPECT_EQ(log.find("GITHUB_TOKEN"), std::string::npos) << log;
  ExpectNothingMergedAndRepositoryUnchanged();
}

TEST_F(FaultInjectionTest, MergeConflictsWithTheTarget) {
  Create(QuickConfig({"true"}));
  // Someone changed the very line the fix rewrites, on the target.
  Git(repo(), "checkout -q target");
  WriteFile(repo() / "demo.cpp", std::string(kDemoSource).replace(
                                     std::string(kDemoSource).find("if (text == NULL)"), 17,
                                     "if (!text)"));
  Git(repo(), "commit -qam theirs");
  Git(repo(), "checkout -q main");
  before_ = SnapshotRepo(repo(), "target");
  target_before_ = Git(repo(), "rev-parse target");

  NovaRun run = Fix();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(run.report["patches"].size(), 1u);
  const nlohmann::json& patch = run.report["patches"][0];
  EXPECT_EQ(patch["merged"], false);
  EXPECT_NE(patch["reason"].get<std::string>().find("conflicts with target"), std::string::npos)
      << patch.dump(2);
  ExpectNothingMergedAndRepositoryUnchanged();
}

// Moves `branch` (not checked out) to a new commit adding `path`, with plumbing only.
void AdvanceWithPlumbing(const std::filesystem::path& repo, const std::string& branch,
                         const std::string& path) {
  const std::string script =
      "blob=$(echo moved | git hash-object -w --stdin) && "
      "tree=$( (git ls-tree " + branch + "; printf '100644 blob %s\\t" + path + "\\n' $blob) | "
      "git mktree) && "
      "commit=$(git -c user.name=Other -c user.email=o@example.com commit-tree $tree -p " +
      branch + " -m moved) && git update-ref refs/heads/" + branch + " $commit";
  CommandResult moved = RunShell(repo, script);
  ASSERT_EQ(moved.exit_code, 0) << moved.output;
}

TEST_F(FaultInjectionTest, TargetMovesBetweenVerificationAndMerge) {
  const std::string marker = UniqueMarker("fault-race");
  Create(QuickConfig({WhenPatched("sh -c 'sleep 4; echo " + marker + "'")}));
  const std::string trace = (temp_.path() / "trace.jsonl").string();
  CommandResult result;
  std::thread nova([&] {
    result = RunShell(repo(), std::string(NOVA_BINARY) +
                                  " fix . --merge-into target --format json --trace " + trace +
                                  " -o " + (temp_.path() / "report.json").string());
  });
  // The patched tree's line runs: bwrap, the namespace's init, the line's shell and the `sh -c`
  // it starts all carry the marker (the base's verification, in bwrap's argv, only three).
  const bool saw_it = WaitForProcessesWithMarker(marker, 4, seconds(240)) >= 4;
  if (saw_it) AdvanceWithPlumbing(repo(), "target", "theirs.txt");
  const std::string moved_to = Git(repo(), "rev-parse target").substr(0, 40);
  nova.join();
  ASSERT_TRUE(saw_it) << "the patched tree's test never ran: " << result.output;
  ASSERT_EQ(result.exit_code, 0) << result.output;

  // Their commit is kept, and the target holds a merge whose own tree was verified green.
  const std::string target = Git(repo(), "rev-parse target").substr(0, 40);
  EXPECT_EQ(RunShell(repo(), "git merge-base --is-ancestor " + moved_to + " target").exit_code, 0);
  EXPECT_EQ(Git(repo(), "show target:theirs.txt"), "moved\n");
  EXPECT_EQ(Git(repo(), "show target:demo.cpp").find("NULL"), std::string::npos);
  const std::string tree = Git(repo(), "rev-parse target^{tree}").substr(0, 40);
  bool verified = false;
  std::ifstream in(trace);
  for (std::string line; std::getline(in, line);) {
    const auto event = nlohmann::json::parse(line);
    if (event.value("kind", "") != "verdict") continue;
    verified |= event["tree"] == tree && event["passed"] == true && event["commit"] == target;
  }
  EXPECT_TRUE(verified) << "the target's tree " << tree << " has no green verdict in the trace";
  EXPECT_EQ(SnapshotRepo(repo(), "target"), before_);
}

TEST_F(FaultInjectionTest, NovaKilledMidVerificationThenRunAgain) {
  const std::string marker = UniqueMarker("fault-kill");
  // The sandbox reads the host's directory the config shows it (its own /tmp aside): the patched
  // test hangs while the flag exists.
  TempDir outside_tmp("/var/tmp");
  const std::filesystem::path hang_flag = outside_tmp.path() / "hang";
  WriteFile(hang_flag, "1\n");
  nlohmann::json config = nlohmann::json::parse(QuickConfig({WhenPatched(
      "if [ -f " + hang_flag.string() + " ]; then sh -c 'sleep 600; echo " + marker + "'; fi")}));
  config["sandbox"]["ro_binds"] = {outside_tmp.path().string()};
  Create(config.dump());
  const std::filesystem::path pid_file = temp_.path() / "nova.pid";
  CommandResult first;
  std::thread nova([&] {
    first = RunShell(repo(), "sh -c 'echo $$ > " + pid_file.string() + "; exec " +
                                 std::string(NOVA_BINARY) + " fix . --merge-into target'");
  });
  // Until the hanging line runs inside the sandbox: bwrap, the namespace's init, the shell of the
  // line and the one it starts all carry the marker.
  const bool saw_it = WaitForProcessesWithMarker(marker, 4, seconds(240)) >= 4;
  // While it runs, a second run on the same repository is refused, not interleaved.
  NovaRun second = saw_it ? Fix() : NovaRun{};
  if (std::filesystem::exists(pid_file)) ::kill(std::stoi(ReadFile(pid_file)), SIGKILL);
  nova.join();
  ASSERT_TRUE(saw_it) << "the patched tree's test never ran: " << first.output;
  EXPECT_EQ(second.exit_code, 2) << second.output;
  EXPECT_NE(second.output.find("another Nova run holds"), std::string::npos) << second.output;
  EXPECT_EQ(first.exit_code, 128 + SIGKILL);

  // Killed with no chance to clean up: the sandbox died with it, no ref moved, and its checkout
  // is what is left behind.
  EXPECT_EQ(WaitForNoProcessWithMarker(marker, seconds(5)), std::vector<int>{})
      << "a sandboxed process outlived the killed run";
  ExpectNothingMergedAndRepositoryUnchanged();
  const std::filesystem::path work = repo() / ".nova" / "work";
  ASSERT_TRUE(std::filesystem::exists(work));
  EXPECT_FALSE(std::filesystem::is_empty(work));

  // The next run takes the lock, removes what was left, and goes on to merge.
  std::filesystem::remove(hang_flag);
  NovaRun again = Fix();
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.report["stale_removed"].size(), 1u) << again.report.dump(2);
  EXPECT_EQ(again.report["patches"][0]["merged"], true) << again.report.dump(2);
  EXPECT_TRUE(std::filesystem::is_empty(work));
  EXPECT_EQ(SnapshotRepo(repo(), "target"), before_);
}

}  // namespace
}  // namespace nova::testing
