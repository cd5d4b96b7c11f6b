// The bot's workflows pass a GitHub Actions workflow linter (@action-validator/cli from the npm
// registry, which checks them against the workflow schema), and keep the fork-safe split: the
// pull_request half has a read-only token and no secrets, the posting half never checks out or
// runs the pull request's code.
#include <gtest/gtest.h>

#include "peer_process.h"
#include "support/test_support.h"

namespace nova::testing {
namespace {

std::filesystem::path Workflows() {
  return PeerDir().parent_path().parent_path().parent_path() / ".github/workflows";
}

CommandResult Lint(const std::filesystem::path& file) {
  return RunShell(PeerDir(), "node_modules/.bin/action-validator '" + file.string() + "'");
}

TEST(Workflows, PassTheWorkflowLinter) {
  ASSERT_EQ(PeerToolsProblem(), "");
  for (const char* name : {"pr-review.yml", "pr-review-post.yml", "ci.yml"}) {
    const CommandResult lint = Lint(Workflows() / name);
    EXPECT_EQ(lint.exit_code, 0) << name << ":\n" << lint.output;
  }
}

TEST(Workflows, TheLinterRejectsABrokenWorkflow) {
  ASSERT_EQ(PeerToolsProblem(), "");
  TempDir dir;
  std::string text = ReadFile(Workflows() / "pr-review-post.yml");
  const std::string good = "pull-requests: write";
  ASSERT_NE(text.find(good), std::string::npos);
  text.replace(text.find(good), good.size(), "pull-requests: writ");
  WriteFile(dir.path() / "broken.yml", text);
  EXPECT_NE(Lint(dir.path() / "broken.yml").exit_code, 0);
}

TEST(Workflows, TheAnalysisHalfRunsWithAReadOnlyTokenAndNoSecrets) {
  const std::string text = ReadFile(Workflows() / "pr-review.yml");
  EXPECT_NE(text.find("\n  pull_request:\n"), std::string::npos);
  EXPECT_EQ(text.find("pull_request_target"), std::string::npos);
  EXPECT_NE(text.find("\npermissions:\n  contents: read\njobs:"), std::string::npos);
  EXPECT_EQ(text.find("write"), std::string::npos);
  EXPECT_EQ(text.find("secrets."), std::string::npos);
  EXPECT_EQ(text.find("GITHUB_TOKEN"), std::string::npos);
  EXPECT_NE(text.find("persist-credentials: false"), std::string::npos);
  EXPECT_NE(text.find("sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"),
            std::string::npos);
  EXPECT_NE(text.find("actions/upload-artifact"), std::string::npos);
}

TEST(Workflows, ThePostingHalfNeverTouchesThePullRequestsCode) {
  const std::string text = ReadFile(Workflows() / "pr-review-post.yml");
  EXPECT_NE(text.find("\n  workflow_run:\n    workflows: [pr-review]"), std::string::npos);
  EXPECT_NE(text.find("\npermissions: {}\n"), std::string::npos);  // the job asks for its own
  EXPECT_NE(text.find("pull-requests: write"), std::string::npos);
  EXPECT_NE(text.find("security-events: write"), std::string::npos);
  EXPECT_EQ(text.find("contents: write"), std::string::npos);
  // The one checkout is this repository's default branch: no ref, no head sha, no PR ref.
  EXPECT_EQ(text.find("ref: ${{"), std::string::npos);
  EXPECT_EQ(text.find("head_branch"), std::string::npos);
  EXPECT_EQ(text.find("pull_request.head"), std::string::npos);
  EXPECT_NE(text.find("--post-review pr-review/review.json"), std::string::npos);
  EXPECT_NE(text.find("upload-sarif"), std::string::npos);
}

}  // namespace
}  // namespace nova::testing
