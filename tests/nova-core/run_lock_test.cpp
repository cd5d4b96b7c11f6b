#include "nova-core/run_lock.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace nova::core {
namespace {

using nova::testing::TempDir;
using nova::testing::WriteFile;

TEST(RunLockTest, SecondRunIsRefusedNamingTheHolder) {
  TempDir state;
  Result<RunLock> first = RunLock::Acquire(state.path(), "nova fix");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Result<RunLock> second = RunLock::Acquire(state.path(), "nova fix");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("pid " + std::to_string(::getpid()) + ", nova fix, since "),
            std::string::npos)
      << second.status().message();
  EXPECT_NE(second.status().message().find("wait for it to end"), std::string::npos);
}

TEST(RunLockTest, ReleasedWhenTheHolderEnds) {
  TempDir state;
  { ASSERT_TRUE(RunLock::Acquire(state.path(), "nova fix").ok()); }
  EXPECT_TRUE(RunLock::Acquire(state.path(), "nova fix").ok());
}

TEST(RunLockTest, ReleasedWhenTheHolderIsKilled) {
  TempDir state;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<RunLock> held = RunLock::Acquire(state.path(), "child");
    const char byte = held.ok() ? 'y' : 'n';
    (void)!::write(ready[1], &byte, 1);
    ::pause();  // until SIGKILL: no destructor, no cleanup
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 'y');
  Result<RunLock> while_alive = RunLock::Acquire(state.path(), "nova fix");
  EXPECT_EQ(while_alive.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(while_alive.status().message().find("pid " + std::to_string(child) + ", child"),
            std::string::npos)
      << while_alive.status().message();
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ::close(ready[0]);
  ::close(ready[1]);
  EXPECT_TRUE(RunLock::Acquire(state.path(), "nova fix").ok());
}

TEST(RunLockTest, StaleWorkIsRemovedAndListed) {
  TempDir state;
  Result<RunLock> lock = RunLock::Acquire(state.path(), "nova fix");
  ASSERT_TRUE(lock.ok());
  Result<std::vector<StaleWork>> nothing = RemoveStaleWork(*lock, state.path());
  ASSERT_TRUE(nothing.ok()) << nothing.status().ToString();
  EXPECT_TRUE(nothing->empty());

  WriteFile(WorkDir(state.path()) / "nova-verify-abc" / "src" / "a.cpp", "int a;\n");
  WriteFile(WorkDir(state.path()) / "nova-verify-def" / "b.txt", "b\n");
  Result<std::vector<StaleWork>> removed = RemoveStaleWork(*lock, state.path());
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->size(), 2u);
  EXPECT_TRUE(std::filesystem::is_empty(WorkDir(state.path())));
}

// A sandbox that outlived a killed run (started in the milliseconds before bwrap armed its
// parent-death signal) names its checkout in its command line; the next run kills it.
TEST(RunLockTest, ProcessesStillRunningInStaleWorkAreKilled) {
  TempDir state;
  const std::filesystem::path left = WorkDir(state.path()) / "nova-verify-stray";
  WriteFile(left / "src" / "a.cpp", "int a;\n");
  // A stray build step: one process, spawned directly (no shell that forks copies of its own
  // command line), whose argv names the stale checkout as a leftover compiler would.
  const std::string argv0 = (left / "stray-build").string();
  char* const argv[] = {const_cast<char*>(argv0.c_str()), const_cast<char*>("300"), nullptr};
  pid_t stray = 0;
  ASSERT_EQ(::posix_spawn(&stray, "/bin/sleep", nullptr, nullptr, argv, environ), 0);
  ASSERT_EQ(nova::testing::WaitForProcessesWithMarker(argv0, 1, std::chrono::seconds(5)), 1u);
  Result<RunLock> lock = RunLock::Acquire(state.path(), "nova fix");
  ASSERT_TRUE(lock.ok());
  Result<std::vector<StaleWork>> removed = RemoveStaleWork(*lock, state.path());
  const bool survived =
      !nova::testing::WaitForNoProcessWithMarker(argv0, std::chrono::seconds(5)).empty();
  if (survived) ::kill(stray, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(stray, &status, 0), stray);
  EXPECT_FALSE(survived);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  ASSERT_EQ(removed->size(), 1u);
  EXPECT_EQ((*removed)[0].processes_killed, 1);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  EXPECT_FALSE(std::filesystem::exists(left));
}

}  // namespace
}  // namespace nova::core
