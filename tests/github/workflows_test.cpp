// The workflows pass a GitHub Actions workflow linter (@action-validator/cli from the npm
// registry, which checks them against the workflow schema). The bot's keep the fork-safe split:
// the pull_request half has a read-only token and no secrets, the posting half never checks out
// or runs the pull request's code. The nightly one asks for write access in its one job only.
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
  for (const char* name : {"pr-review.yml", "pr-review-post.yml", "ci.yml", "nightly.yml"}) {
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
  EXPECT_NE(text.find("\npermissions:\n  contents: read\nenv:"), std::string::npos);
  EXPECT_EQ(text.find("\n    permissions:"), std::string::npos);  // no job widens it
  EXPECT_EQ(text.find(": write"), std::string::npos);
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
  // The one checkout is Nova's own source, never a pull request's ref or head.
  const size_t checkout = text.find("uses: actions/checkout");
  ASSERT_NE(checkout, std::string::npos);
  EXPECT_EQ(text.find("uses: actions/checkout", checkout + 1), std::string::npos);
  EXPECT_NE(text.find("repository: ${{ env.NOVA_REPOSITORY }}", checkout), std::string::npos);
  EXPECT_EQ(text.find("head_branch"), std::string::npos);
  EXPECT_EQ(text.find("pull_request.head"), std::string::npos);
  EXPECT_NE(text.find("--post-review pr-review/review.json"), std::string::npos);
  EXPECT_NE(text.find("upload-sarif"), std::string::npos);
}

TEST(Workflows, TheNightlyRunsOnScheduleKeepsItsHistoryAndOpensOnePullRequest) {
  const std::string text = ReadFile(Workflows() / "nightly.yml");
  EXPECT_NE(text.find("\n  schedule:\n    - cron: "), std::string::npos);
  EXPECT_NE(text.find("\n  workflow_dispatch:\n"), std::string::npos);
  // Read-only by default; the job asks for what it pushes, opens and uploads.
  EXPECT_NE(text.find("\npermissions:\n  contents: read\n"), std::string::npos);
  EXPECT_NE(text.find("      contents: write"), std::string::npos);
  EXPECT_NE(text.find("      pull-requests: write"), std::string::npos);
  EXPECT_EQ(text.find("pull_request_target"), std::string::npos);
  EXPECT_NE(text.find("sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"),
            std::string::npos);
  EXPECT_NE(text.find("persist-credentials: false"), std::string::npos);
  EXPECT_NE(text.find("actions/cache/restore"), std::string::npos);
  EXPECT_NE(text.find("actions/cache/save"), std::string::npos);
  EXPECT_NE(text.find("path: .nova/history.sqlite"), std::string::npos);
  EXPECT_NE(text.find("nova nightly . --merge-into nova/nightly --sandbox bwrap"),
            std::string::npos);
  EXPECT_NE(text.find("--push "), std::string::npos);
  EXPECT_NE(text.find("--summary \"$GITHUB_STEP_SUMMARY\""), std::string::npos);
  EXPECT_NE(text.find("NOVA_PUSH_TOKEN: ${{ secrets.NOVA_PUSH_TOKEN"), std::string::npos);
  // One pull request: an open one from nova/nightly is updated, never a second one opened.
  EXPECT_NE(text.find("gh pr list"), std::string::npos);
  EXPECT_NE(text.find("gh pr edit"), std::string::npos);
  EXPECT_NE(text.find("gh pr create"), std::string::npos);
  EXPECT_NE(text.find("actions/upload-artifact"), std::string::npos);
  EXPECT_NE(text.find("upload-sarif"), std::string::npos);
}

// The README's one step: scripts/add-pr-bot.sh writes both workflows into another repository,
// pointed at Nova's, and they still pass the linter.
TEST(Workflows, AddPrBotWritesBothWorkflowsForAnotherRepository) {
  ASSERT_EQ(PeerToolsProblem(), "");
  TempDir target;
  const std::filesystem::path script =
      Workflows().parent_path().parent_path() / "scripts/add-pr-bot.sh";
  const CommandResult added = RunShell(target.path(), "'" + script.string() + "' . acme/nova v1.2");
  ASSERT_EQ(added.exit_code, 0) << added.output;
  for (const char* name : {"pr-review.yml", "pr-review-post.yml"}) {
    const std::filesystem::path file = target.path() / ".github/workflows" / name;
    const std::string text = ReadFile(file);
    EXPECT_NE(text.find("\n  NOVA_REPOSITORY: acme/nova\n  NOVA_REF: 'v1.2'\n"), std::string::npos)
        << text;
    // Nova's default branch, not the target's, when no ref is named.
    EXPECT_NE(text.find("ref: ${{ env.NOVA_REF }}\n"), std::string::npos) << name;
    const CommandResult lint = Lint(file);
    EXPECT_EQ(lint.exit_code, 0) << name << ":\n" << lint.output;
  }
  EXPECT_NE(RunShell(target.path(), "'" + script.string() + "' . 'not a repo'").exit_code, 0);
}

}  // namespace
}  // namespace nova::testing
