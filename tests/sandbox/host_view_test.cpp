#include "sandbox/host_view.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "tests/sandbox/test_util.h"

namespace nova::sandbox {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::WriteFile;

// Where `words` appear in `args` as one run, or -1.
std::ptrdiff_t Find(const std::vector<std::string>& args, const std::vector<std::string>& words) {
  const auto found = std::search(args.begin(), args.end(), words.begin(), words.end());
  return found == args.end() ? -1 : found - args.begin();
}

bool Mentions(const std::vector<std::string>& args, const std::string& text) {
  return std::any_of(args.begin(), args.end(),
                     [&](const std::string& arg) { return arg.find(text) != std::string::npos; });
}

// Whether an argument is `path` or a path under it.
bool Names(const std::vector<std::string>& args, const fs::path& path) {
  return std::any_of(args.begin(), args.end(), [&](const std::string& arg) {
    return arg == path.string() || arg.rfind(path.string() + "/", 0) == 0;
  });
}

// A host root shaped like a merged-/usr Debian runner: its system directories, the secrets of
// /etc, home directories, and a self-hosted runner under /opt with its credentials beside the
// workspace that holds the user's repository and Nova's checkout of it.
class HostViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* dir :
         {"usr/bin", "usr/lib", "usr/lib64", "etc/ssh", "etc/apt", "opt/hostedtoolcache",
          "home/runner", "root", "run/user", "var/lib", "sys/devices/system/cpu"}) {
      fs::create_directories(root() / dir);
    }
    fs::create_symlink("usr/bin", root() / "bin");
    fs::create_symlink("usr/lib", root() / "lib");
    fs::create_directory(root() / "lib32");  // a real directory, not a symlink
    WriteFile(root() / "etc/hosts", "127.0.0.1 localhost\n");
    WriteFile(root() / "etc/shadow", "root:$y$secret:19000::::::\n");
    WriteFile(root() / "etc/ssh/ssh_host_ed25519_key", "PRIVATE\n");
    WriteFile(root() / "etc/apt/auth.conf", "machine example.org password secret\n");
    WriteFile(root() / "home/runner/.git-credentials", "https://x:secret@github.com\n");
    WriteFile(root() / "opt/runner/.credentials", "{}\n");
    fs::create_directories(checkout());
  }

  fs::path root() const { return dir_.path(); }
  fs::path checkout() const {
    return root() / "opt/runner/_work/repo/repo/.nova/work/nova-verify-1/src";
  }

  TempDir dir_;
};

TEST_F(HostViewTest, ShowsTheSystemDirectoriesReadOnlyAndKeepsMergedUsrSymlinks) {
  const HostView view = HostViewFor(checkout(), {}, root());
  const std::vector<std::string>& args = view.system;
  EXPECT_GE(Find(args, {"--ro-bind", (root() / "usr").string(), "/usr"}), 0);
  EXPECT_GE(Find(args, {"--ro-bind", (root() / "etc/hosts").string(), "/etc/hosts"}), 0);
  EXPECT_GE(Find(args, {"--ro-bind", (root() / "opt").string(), "/opt"}), 0);
  EXPECT_GE(Find(args, {"--symlink", "usr/bin", "/bin"}), 0);
  EXPECT_GE(Find(args, {"--symlink", "usr/lib", "/lib"}), 0);
  EXPECT_GE(Find(args, {"--ro-bind", (root() / "lib32").string(), "/lib32"}), 0);
  EXPECT_GE(Find(args, {"--ro-bind", (root() / "sys/devices/system/cpu").string(),
                        "/sys/devices/system/cpu"}),
            0);
  EXPECT_TRUE(view.added.empty());
}

TEST_F(HostViewTest, HomeRootRunAndVarAreNotShown) {
  const HostView view = HostViewFor(checkout(), {}, root());
  for (const char* hidden : {"home", "root", "run", "var"}) {
    EXPECT_FALSE(Names(view.system, root() / hidden)) << hidden;
    EXPECT_FALSE(Names(view.system, fs::path("/") / hidden)) << hidden;
  }
}

// Regression (Nova's own gate): /etc/gitconfig masked by /dev/null could not be opened, and git
// refuses to run without reading it; a secret must be absent instead.
TEST_F(HostViewTest, TheSecretsOfEtcAreAbsentAndEverythingElseIsBound) {
  WriteFile(root() / "etc/gitconfig", "[http]\n\textraheader = secret\n");
  WriteFile(root() / "etc/apt/sources.list", "deb http://deb.debian.org/debian bookworm main\n");
  fs::create_symlink("../usr/lib/os-release", root() / "etc/os-release");
  const HostView view = HostViewFor(checkout(), {}, root());
  const fs::path etc = root() / "etc";
  const std::ptrdiff_t tmpfs = Find(view.system, {"--tmpfs", "/etc"});
  const std::ptrdiff_t hosts =
      Find(view.system, {"--ro-bind", (etc / "hosts").string(), "/etc/hosts"});
  const std::ptrdiff_t apt = Find(view.system, {"--tmpfs", "/etc/apt"});
  const std::ptrdiff_t sources = Find(
      view.system, {"--ro-bind", (etc / "apt/sources.list").string(), "/etc/apt/sources.list"});
  const std::ptrdiff_t apt_done = Find(view.system, {"--remount-ro", "/etc/apt"});
  const std::ptrdiff_t done = Find(view.system, {"--remount-ro", "/etc"});
  ASSERT_GE(tmpfs, 0);
  EXPECT_GT(hosts, tmpfs);
  EXPECT_GE(Find(view.system, {"--symlink", "../usr/lib/os-release", "/etc/os-release"}), 0);
  EXPECT_GT(apt, tmpfs);
  EXPECT_GT(sources, apt);
  EXPECT_GT(apt_done, sources);
  EXPECT_GT(done, apt_done) << "/etc becomes read-only once everything is in";
  EXPECT_EQ(Find(view.system, {"--ro-bind", etc.string(), "/etc"}), -1);
  for (const char* secret : {"shadow", "ssh", "gitconfig", "apt/auth.conf"}) {
    EXPECT_FALSE(Mentions(view.system, "/etc/" + std::string(secret))) << secret;
  }
}

TEST_F(HostViewTest, TheDirectoryLeadingToACheckoutInsideAShownOneIsHidden) {
  const HostView view = HostViewFor(checkout(), {}, root());
  const std::ptrdiff_t opt = Find(view.system, {"--ro-bind", (root() / "opt").string(), "/opt"});
  const std::ptrdiff_t hide = Find(view.system, {"--tmpfs", "/opt/runner"});
  ASSERT_GE(opt, 0);
  EXPECT_GT(hide, opt) << "the runner's credentials and workspaces must not show";
  EXPECT_EQ(view.hidden, std::vector<std::string>{"/opt/runner"});
  EXPECT_EQ(HideRemountArgs(view), (std::vector<std::string>{"--remount-ro", "/opt/runner"}));
  // A checkout outside every shown directory hides nothing: the root around it is bwrap's tmpfs.
  const HostView elsewhere = HostViewFor(root() / "home/runner", {}, root());
  EXPECT_TRUE(elsewhere.hidden.empty());
}

TEST_F(HostViewTest, AddedPathsAreShownReadOnlyAtTheirRealPathsAndHideTheCheckoutToo) {
  TempDir tools("/var/tmp");
  fs::create_directories(tools.path() / "toolchain");
  fs::create_symlink(tools.path() / "toolchain", tools.path() / "current");
  const fs::path workspace = root() / "home/runner";
  const fs::path inside = workspace / "work/repo/.nova/work/v/src";
  fs::create_directories(inside);
  const HostView view =
      HostViewFor(inside, {(tools.path() / "current").string(), workspace.string()}, root());
  EXPECT_GE(Find(view.added, {"--ro-bind", (tools.path() / "toolchain").string(),
                              (tools.path() / "toolchain").string()}),
            0);
  const std::ptrdiff_t home =
      Find(view.added, {"--ro-bind", workspace.string(), workspace.string()});
  const std::ptrdiff_t hide = Find(view.added, {"--tmpfs", (workspace / "work").string()});
  ASSERT_GE(home, 0);
  EXPECT_GT(hide, home);
  EXPECT_EQ(view.hidden, std::vector<std::string>{(workspace / "work").string()});
}

TEST(CheckReadOnlyBindsTest, RelativeOrMissingPathsAreErrorsNamingTheKey) {
  TempDir dir;
  EXPECT_TRUE(CheckReadOnlyBinds({dir.path().string()}).ok());
  EXPECT_TRUE(CheckReadOnlyBinds({}).ok());
  const core::Status relative = CheckReadOnlyBinds({"tools"});
  EXPECT_EQ(relative.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(relative.message(), "sandbox.ro_binds: 'tools' must be an absolute path");
  const std::string missing = (dir.path() / "missing").string();
  const core::Status absent = CheckReadOnlyBinds({dir.path().string(), missing});
  EXPECT_EQ(absent.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(absent.message(), "sandbox.ro_binds: '" + missing +
                                  "' does not exist on this machine; create it or remove it "
                                  "from .nova.json");
}

}  // namespace
}  // namespace nova::sandbox
