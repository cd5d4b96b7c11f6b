#include "sandbox/bwrap_profile.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "nova-core/process/boost_process_runner.h"
#include "nova-core/process/process_runner.h"
#include "tests/sandbox/test_util.h"

namespace nova::sandbox {
namespace {

using testing::TempDir;

std::ptrdiff_t IndexOf(const std::vector<std::string>& argv, const std::string& word) {
  auto it = std::find(argv.begin(), argv.end(), word);
  return it == argv.end() ? -1 : it - argv.begin();
}

// Where `words` start as one run in argv, or -1.
std::ptrdiff_t IndexOfRun(const std::vector<std::string>& argv,
                          const std::vector<std::string>& words) {
  auto it = std::search(argv.begin(), argv.end(), words.begin(), words.end());
  return it == argv.end() ? -1 : it - argv.begin();
}

TEST(BwrapProfileTest, ArgvHasTheProfileInOrder) {
  const std::vector<std::string> argv =
      BubblewrapArgv("/usr/bin/bwrap", "/tmp/checkout", "make test");
  ASSERT_FALSE(argv.empty());
  EXPECT_EQ(argv.front(), "/usr/bin/bwrap");
  for (const char* flag : {"--unshare-all", "--die-with-parent", "--new-session", "--clearenv"}) {
    EXPECT_GE(IndexOf(argv, flag), 0) << flag;
  }
  const std::ptrdiff_t cap_drop = IndexOf(argv, "--cap-drop");
  ASSERT_GE(cap_drop, 0);
  EXPECT_EQ(argv[cap_drop + 1], "ALL");
  // Only the system directories of the host, never the host's root (its home directories,
  // /root, /run, /var and the repository around a checkout hold credentials).
  const std::ptrdiff_t ro_bind = IndexOfRun(argv, {"--ro-bind", "/usr", "/usr"});
  EXPECT_EQ(IndexOfRun(argv, {"--ro-bind", "/", "/"}), -1);
  const std::ptrdiff_t tmpfs = IndexOfRun(argv, {"--tmpfs", "/tmp"});
  const std::ptrdiff_t bind = IndexOf(argv, "--bind");
  ASSERT_GE(ro_bind, 0);
  ASSERT_GE(tmpfs, 0);
  EXPECT_EQ(argv[bind + 1], "/tmp/checkout");
  EXPECT_EQ(argv[bind + 2], "/tmp/checkout");
  EXPECT_LT(ro_bind, tmpfs);
  EXPECT_LT(tmpfs, bind) << "the checkout must be bound after the private /tmp";
  EXPECT_EQ(argv[tmpfs - 2], "--size");
  EXPECT_EQ(argv[tmpfs - 1], std::to_string(1024ull << 20));
  const std::ptrdiff_t remount = IndexOfRun(argv, {"--remount-ro", "/"});
  ASSERT_GE(remount, 0);
  EXPECT_LT(bind, remount) << "the root is remounted read-only after every bind";
  const std::ptrdiff_t chdir = IndexOf(argv, "--chdir");
  ASSERT_GE(chdir, 0);
  EXPECT_EQ(argv[chdir + 1], "/tmp/checkout");
  const std::vector<std::string> tail(argv.end() - 4, argv.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"--", "/bin/sh", "-c", "make test"}));
}

TEST(BwrapProfileTest, CcacheDirIsBoundWritableForBuildsAndReadOnlyForTests) {
  SandboxProfile profile;
  profile.ccache_dir = "/var/cache/nova-ccache";
  profile.tmp_size_bytes = 5 << 20;
  for (const bool writable : {true, false}) {
    profile.ccache_writable = writable;
    const std::vector<std::string> argv =
        BubblewrapArgv("/usr/bin/bwrap", "/tmp/checkout", "make", profile);
    const std::vector<std::string> bind = {writable ? "--bind" : "--ro-bind",
                                           "/var/cache/nova-ccache", "/var/cache/nova-ccache"};
    const auto found = std::search(argv.begin(), argv.end(), bind.begin(), bind.end());
    ASSERT_NE(found, argv.end()) << writable;
    EXPECT_GT(found - argv.begin(), IndexOfRun(argv, {"--tmpfs", "/tmp"}));
    EXPECT_LT(found - argv.begin(), IndexOfRun(argv, {"--remount-ro", "/"}));
    EXPECT_EQ(argv[IndexOf(argv, "--size") + 1], std::to_string(5 << 20));
    std::map<std::string, std::string> set;
    for (std::size_t i = 0; i + 2 < argv.size(); ++i) {
      if (argv[i] == "--setenv") set[argv[i + 1]] = argv[i + 2];
    }
    EXPECT_EQ(set["CCACHE_DIR"], "/var/cache/nova-ccache");
    EXPECT_EQ(set["CCACHE_BASEDIR"], "/tmp/checkout");
    EXPECT_EQ(set["CCACHE_NOHASHDIR"], "1");
    EXPECT_FALSE(set.contains("CCACHE_DISABLE"));
    EXPECT_EQ(set.contains("CCACHE_READONLY"), !writable);
  }
}

TEST(BwrapProfileTest, ProfileForFollowsTheSettings) {
  sandbox::SandboxSettings settings;
  settings.env = {"FOO"};
  settings.ccache_dir = "/cache";
  settings.tmp_size_mb = 3;
  settings.ro_binds = {"/opt/tools"};
  const SandboxProfile build = ProfileFor(settings, true);
  EXPECT_EQ(build.env_allowlist, std::vector<std::string>{"FOO"});
  EXPECT_EQ(build.ro_binds, std::vector<std::string>{"/opt/tools"});
  EXPECT_EQ(build.ccache_dir, "/cache");
  EXPECT_TRUE(build.ccache_writable);
  EXPECT_EQ(build.tmp_size_bytes, 3u << 20);
  EXPECT_FALSE(ProfileFor(settings, false).ccache_writable);
}

TEST(BwrapProfileTest, SetsExactlyTheAllowlistedEnvironment) {
  const std::vector<std::string> argv = BubblewrapArgv("bwrap", "/c", "true");
  std::map<std::string, std::string> set;
  for (std::size_t i = 0; i + 2 < argv.size(); ++i) {
    if (argv[i] == "--setenv") set[argv[i + 1]] = argv[i + 2];
  }
  const std::map<std::string, std::string> expected = {
      {"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"HOME", "/tmp"}, {"LANG", "C.UTF-8"},
      {"TERM", "dumb"}, {"CCACHE_DISABLE", "1"}};
  EXPECT_EQ(SandboxEnvironment(), expected);
  // With a checkout, git stops looking for a repository at the checkout's parent.
  std::map<std::string, std::string> with_checkout = expected;
  with_checkout["GIT_CEILING_DIRECTORIES"] = "/";
  EXPECT_EQ(set, with_checkout);
}

TEST(BwrapProfileTest, AddedPathsComeAfterThePrivateTmpAndBeforeTheCheckout) {
  TempDir tools("/var/tmp");
  TempDir scratch;  // under /tmp: visible only when bound after the private /tmp
  SandboxProfile profile;
  profile.ro_binds = {tools.path().string(), scratch.path().string()};
  const std::vector<std::string> argv =
      BubblewrapArgv("/usr/bin/bwrap", "/tmp/checkout", "make", profile);
  const std::ptrdiff_t tmp = IndexOfRun(argv, {"--tmpfs", "/tmp"});
  const std::ptrdiff_t checkout = IndexOfRun(argv, {"--bind", "/tmp/checkout", "/tmp/checkout"});
  for (const TempDir* dir : {&tools, &scratch}) {
    const std::string path = dir->path().string();
    const std::ptrdiff_t bound = IndexOfRun(argv, {"--ro-bind", path, path});
    ASSERT_GE(bound, 0) << path;
    EXPECT_GT(bound, tmp) << path;
    EXPECT_LT(bound, checkout) << path;
  }
}

TEST(BwrapProfileTest, ParsesModeNames) {
  EXPECT_EQ(*ParseSandboxMode("bwrap"), SandboxMode::kBubblewrap);
  EXPECT_EQ(*ParseSandboxMode("bubblewrap"), SandboxMode::kBubblewrap);
  EXPECT_EQ(*ParseSandboxMode("none"), SandboxMode::kNone);
  core::Result<SandboxMode> bad = ParseSandboxMode("docker");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(SandboxModeName(SandboxMode::kBubblewrap), "bwrap");
  EXPECT_EQ(SandboxModeName(SandboxMode::kNone), "none");
}

TEST(BwrapProfileTest, ShellCommandForModeNoneIsAPlainShellWithTheClearedEnvironment) {
  TempDir dir;
  core::Result<SandboxCommand> command = ShellCommand(SandboxMode::kNone, dir.path(), "echo hi");
  ASSERT_TRUE(command.ok()) << command.status().ToString();
  EXPECT_EQ(command->argv, (std::vector<std::string>{"/bin/sh", "-c", "echo hi"}));
  EXPECT_EQ(command->env, SandboxEnvironment({}, dir.path()));
  EXPECT_EQ(command->env.at("GIT_CEILING_DIRECTORIES"), dir.path().parent_path().string());
  EXPECT_EQ(command->working_dir, dir.path());
}

TEST(BwrapProfileTest, ShellCommandRejectsARelativeOrMissingCheckout) {
  core::Result<SandboxCommand> relative =
      ShellCommand(SandboxMode::kBubblewrap, "relative/dir", "true");
  ASSERT_FALSE(relative.ok());
  EXPECT_EQ(relative.status().code(), core::StatusCode::kInvalidArgument);
  core::Result<SandboxCommand> missing =
      ShellCommand(SandboxMode::kBubblewrap, "/nonexistent/nova-checkout", "true");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), core::StatusCode::kInvalidArgument);
}

TEST(BwrapProfileTest, IsolationWorksOnThisMachine) {
  core::BoostProcessRunner runner;
  core::Status status = CheckIsolation(runner);
  EXPECT_TRUE(status.ok()) << status.ToString();
}

// Stands in for a machine where bwrap cannot create namespaces.
class FailingRunner final : public core::ProcessRunner {
 public:
  core::Result<core::ProcessResult> Run(const core::ProcessSpec& spec) override {
    argv_ = spec.argv;
    testing::WriteFile(spec.log_path, "bwrap: No permissions to create new namespace\n");
    core::ProcessResult result;
    result.exit_code = 1;
    return result;
  }
  std::vector<std::string> argv_;
};

TEST(BwrapProfileTest, IsolationFailureSaysHowToEnableItOrOptOut) {
  FailingRunner runner;
  core::Status status = CheckIsolation(runner);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), core::StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("No permissions to create new namespace"), std::string::npos);
  EXPECT_NE(status.message().find("kernel.unprivileged_userns_clone=1"), std::string::npos);
  EXPECT_NE(status.message().find("apparmor_restrict_unprivileged_userns=0"), std::string::npos);
  EXPECT_NE(status.message().find("--sandbox=none"), std::string::npos);
  EXPECT_EQ(status.message().find('\n'), std::string::npos);
  // The probe is the real profile, the one build and test lines get.
  ASSERT_GE(runner.argv_.size(), 4u);
  // ... --chdir DIR -- /bin/sh -c true
  const std::filesystem::path checkout = runner.argv_[runner.argv_.size() - 5];
  EXPECT_EQ(runner.argv_, BubblewrapArgv(runner.argv_[0], checkout, "true"));
  EXPECT_NE(std::find(runner.argv_.begin(), runner.argv_.end(), "--remount-ro"), runner.argv_.end());
}

}  // namespace
}  // namespace nova::sandbox
