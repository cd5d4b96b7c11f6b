#include "nova-core/process/fake_process_runner.h"

#include <gtest/gtest.h>

#include "nova-core/cancellation.h"
#include "support/test_support.h"

namespace nova::core {
namespace {

ProcessSpec Shell(const std::string& line) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", line};
  return spec;
}

TEST(FakeProcessRunnerTest, RecordsEverySpecAndRepliesToACommandInTurnTheLastRepeating) {
  FakeProcessRunner runner;
  FakeReply fails;
  fails.exit_code = 2;
  runner.When("make", {fails, FakeReply{}});
  EXPECT_EQ(runner.Run(Shell("make"))->exit_code, 2);
  EXPECT_EQ(runner.Run(Shell("make"))->exit_code, 0);
  EXPECT_EQ(runner.Run(Shell("make"))->exit_code, 0);
  EXPECT_EQ(runner.Run(Shell("other"))->exit_code, 0);  // unscripted: exit 0
  EXPECT_EQ(runner.Commands(), (std::vector<std::string>{"make", "make", "make", "other"}));
  ASSERT_EQ(runner.calls().size(), 4u);
  EXPECT_EQ(runner.calls()[3].argv, Shell("other").argv);
}

TEST(FakeProcessRunnerTest, OtherwiseAnswersFromTheSpecAndOutputGoesToTheLog) {
  testing::TempDir dir;
  FakeProcessRunner runner;
  runner.Otherwise([](const ProcessSpec& spec) {
    FakeReply reply;
    reply.signal = 9;
    reply.timed_out = true;
    reply.output = "ran " + spec.argv.back() + "\n";
    return reply;
  });
  ProcessSpec spec = Shell("sleep 100");
  spec.log_path = dir.path() / "log";
  Result<ProcessResult> result = runner.Run(spec);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->timed_out);
  EXPECT_EQ(result->signal, 9);
  EXPECT_EQ(result->exit_code, -1);
  EXPECT_EQ(testing::ReadFile(spec.log_path), "ran sleep 100\n");
}

TEST(FakeProcessRunnerTest, ErrorsCancellationAndAnEmptyArgvAreAsTheRealRunnerHasThem) {
  FakeProcessRunner runner;
  FakeReply missing;
  missing.error = NotFoundError("program not found: cmake");
  runner.When("cmake", {missing});
  EXPECT_EQ(runner.Run(Shell("cmake")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(runner.Run(ProcessSpec{}).status().code(), StatusCode::kInvalidArgument);

  CancelToken token;
  token.Cancel(CancelledError("SIGINT"));
  ProcessSpec spec = Shell("make");
  spec.hooks.cancel = &token;
  Result<ProcessResult> cancelled = runner.Run(spec);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_TRUE(cancelled->cancelled);
  EXPECT_EQ(cancelled->exit_code, -1);
}

}  // namespace
}  // namespace nova::core
