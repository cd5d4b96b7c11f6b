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

// The workflow tests check many fragments each, present or absent: one loop per kind, naming
// the fragment that fails, instead of one EXPECT line per fragment.
void ExpectContains(const std::string& text, std::initializer_list<const char*> fragments) {
  for (const char* fragment : fragments) {
    EXPECT_NE(text.find(fragment), std::string::npos) << "missing: " << fragment;
  }
}

void ExpectLacks(const std::string& text, std::initializer_list<const char*> fragments) {
  for (const char* fragment : fragments) {
    EXPECT_EQ(text.find(fragment), std::string::npos) << "present: " << fragment;
  }
}

TEST(Workflows, TheAnalysisHalfRunsWithAReadOnlyTokenAndNoSecrets) {
  const std::string text = ReadFile(Workflows() / "pr-review.yml");
  ExpectContains(text, {"\n  pull_request:\n",
                        "\npermissions:\n  contents: read\nenv:", "persist-credentials: false",
                        "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0",
                        "actions/upload-artifact"});
  // No job widens the permissions.
  ExpectLacks(text,
              {"pull_request_target", "\n    permissions:", ": write", "secrets.", "GITHUB_TOKEN"});
}

// The pull request's CMake configure runs only in Nova's sandbox, with the packages the base's
// .nova.json names installed first; nothing of the pull request runs outside it.
TEST(Workflows, TheAnalysisHalfConfiguresThePullRequestInTheSandbox) {
  const std::string text = ReadFile(Workflows() / "pr-review.yml");
  const size_t packages =
      text.find("nova/build/apps/nova pr-review src --base \"$BASE_SHA\" --configure-packages");
  const size_t install =
      text.find("apt-get install -y -qq --no-install-recommends $packages", packages);
  const size_t review = text.find("--sandbox bwrap --format \"$format\"");
  ASSERT_NE(packages, std::string::npos);
  ASSERT_NE(install, std::string::npos);
  ASSERT_NE(review, std::string::npos);
  EXPECT_LT(install, review);
  // Nova is built before the pull request's packages arrive; nothing else runs its code.
  EXPECT_LT(text.find("nova/scripts/build.sh"), packages);
  ExpectLacks(text, {"cmake -S", "cmake --build", "--sandbox none", "src/scripts", "./src/",
                     "make -C src", "pull_request.head.ref"});
  EXPECT_EQ(text.find("--sandbox", review + 1), std::string::npos);  // one review command
  ExpectContains(text, {"the BASE commit's", "configure.packages"});
}

TEST(Workflows, ThePostingHalfNeverTouchesThePullRequestsCode) {
  const std::string text = ReadFile(Workflows() / "pr-review-post.yml");
  // The job asks for its own permissions.
  ExpectContains(text, {"\n  workflow_run:\n    workflows: [pr-review]", "\npermissions: {}\n",
                        "pull-requests: write", "security-events: write",
                        "--post-review pr-review/review.json", "upload-sarif"});
  ExpectLacks(text, {"contents: write", "head_branch", "pull_request.head"});
  // The one checkout is Nova's own source, never a pull request's ref or head.
  const size_t checkout = text.find("uses: actions/checkout");
  ASSERT_NE(checkout, std::string::npos);
  EXPECT_EQ(text.find("uses: actions/checkout", checkout + 1), std::string::npos);
  EXPECT_NE(text.find("repository: ${{ env.NOVA_REPOSITORY }}", checkout), std::string::npos);
}

TEST(Workflows, TheNightlyRunsOnScheduleKeepsItsHistoryAndOpensOnePullRequest) {
  const std::string text = ReadFile(Workflows() / "nightly.yml");
  // Read-only by default; the job asks for what it pushes, opens and uploads. One pull request:
  // an open one from nova/nightly is updated (gh pr list, gh pr edit), never a second one opened.
  ExpectContains(
      text,
      {"\n  schedule:\n    - cron: ", "\n  workflow_dispatch:\n",
       "\npermissions:\n  contents: read\n", "      contents: write", "      pull-requests: write",
       "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0", "persist-credentials: false",
       "actions/cache/restore", "actions/cache/save", "path: .nova/history.sqlite",
       "nova nightly . --merge-into nova/nightly --sandbox bwrap", "--push ",
       "--summary \"$GITHUB_STEP_SUMMARY\"", "NOVA_PUSH_TOKEN: ${{ secrets.NOVA_PUSH_TOKEN",
       "gh pr list", "gh pr edit", "gh pr create", "actions/upload-artifact", "upload-sarif",
       // On schedule the event has no repository object: the base comes from the API.
       "gh repo view \"$GITHUB_REPOSITORY\" --json defaultBranchRef"});
  ExpectLacks(text, {"pull_request_target", "github.event."});
}

}  // namespace
}  // namespace nova::testing
