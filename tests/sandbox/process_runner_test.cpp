#include "sandbox/process_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "tests/sandbox/test_util.h"

namespace nova::sandbox {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::ReadFile;
using testing::TempDir;

class ProcessRunnerTest : public ::testing::Test {
 protected:
  ProcessSpec Shell(const std::string& line, milliseconds timeout = seconds(30)) {
    ProcessSpec spec;
    spec.argv = {"/bin/sh", "-c", line};
    spec.working_dir = dir_.path();
    spec.env = {{"PATH", "/usr/bin:/bin"}};
    spec.log_path = log_;
    spec.deadline = steady_clock::now() + timeout;
    return spec;
  }

  TempDir dir_;
  std::filesystem::path log_ = dir_.path() / "run.log";
  BoostProcessRunner runner_;
};

TEST_F(ProcessRunnerTest, ReportsExitCodeAndCapturesStdoutAndStderr) {
  core::Result<ProcessResult> result = runner_.Run(Shell("echo out; echo err >&2; exit 3"));
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
  ProcessSpec spec = Shell("");
  spec.argv = {"/usr/bin/env"};
  spec.env = {{"ONLY", "this"}};
  core::Result<ProcessResult> result = runner_.Run(spec);
  ::unsetenv("NOVA_TEST_SECRET_TOKEN");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(ReadFile(log_), "ONLY=this\n");
}

TEST_F(ProcessRunnerTest, EmptyEnvironmentStaysEmpty) {
  ProcessSpec spec = Shell("");
  spec.argv = {"/usr/bin/env"};
  spec.env.clear();
  core::Result<ProcessResult> result = runner_.Run(spec);
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
  core::Result<ProcessResult> result = runner_.Run(Shell("ls /proc/$$/fd; true"));
  ::close(leaky);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(ReadFile(log_), "0\n1\n2\n");
}

TEST_F(ProcessRunnerTest, StdinIsEmpty) {
  core::Result<ProcessResult> result = runner_.Run(Shell("cat; echo done"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ReadFile(log_), "done\n");
}

TEST_F(ProcessRunnerTest, MissingProgramIsNotFoundAndNamesIt) {
  ProcessSpec spec = Shell("");
  spec.argv = {"/nonexistent/nova-no-such-program"};
  core::Result<ProcessResult> result = runner_.Run(spec);
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
  const std::filesystem::path script = dir_.path() / "script.sh";
  testing::WriteFile(script, "#!/bin/sh\necho hi\n");
  ::chmod(script.c_str(), 0644);
  ProcessSpec spec = Shell("");
  spec.argv = {script.string()};
  core::Result<ProcessResult> result = runner_.Run(spec);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kUnavailable);
}

TEST_F(ProcessRunnerTest, ExecFailureInTheChildIsAnErrorNotACrash) {
  const std::filesystem::path script = dir_.path() / "bad-interpreter.sh";
  testing::WriteFile(script, "#!/nonexistent/nova-interpreter\n");
  ::chmod(script.c_str(), 0755);
  ProcessSpec spec = Shell("");
  spec.argv = {script.string()};
  core::Result<ProcessResult> result = runner_.Run(spec);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("bad-interpreter.sh"), std::string::npos);
}

TEST_F(ProcessRunnerTest, EmptyArgvIsInvalidArgument) {
  ProcessSpec spec = Shell("");
  spec.argv.clear();
  core::Result<ProcessResult> result = runner_.Run(spec);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kInvalidArgument);
}

TEST_F(ProcessRunnerTest, MissingWorkingDirectoryIsNotFound) {
  ProcessSpec spec = Shell("true");
  spec.working_dir = dir_.path() / "missing";
  core::Result<ProcessResult> result = runner_.Run(spec);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kNotFound);
}

TEST_F(ProcessRunnerTest, ReportsTheSignalThatEndedTheChild) {
  core::Result<ProcessResult> result = runner_.Run(Shell("kill -TERM $$"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->signal, SIGTERM);
  EXPECT_EQ(result->exit_code, -1);
  EXPECT_FALSE(result->timed_out);
}

TEST_F(ProcessRunnerTest, KillsTheChildAndItsChildrenAtTheDeadline) {
  const std::string marker = testing::UniqueMarker("runner");
  const auto start = steady_clock::now();
  core::Result<ProcessResult> result =
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
  core::Result<ProcessResult> result =
      runner_.Run(Shell("sh -c 'sleep 600; echo " + marker + "' >/dev/null 2>&1 & exit 0"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->exit_code, 0);
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

}  // namespace
}  // namespace nova::sandbox
