#include "github/pr_event.h"

#include <gtest/gtest.h>

#include "peer_process.h"
#include "support/test_support.h"

namespace nova::github {
namespace {

using nova::testing::MakeEvent;
using nova::testing::PeerToolsProblem;
using nova::testing::TempDir;

TEST(PrEvent, ReadsAPullRequestEventBuiltFromGitHubsWebhookSchema) {
  ASSERT_EQ(PeerToolsProblem(), "");
  TempDir dir;
  ASSERT_EQ(MakeEvent("pull_request", "synchronize", 42, std::string(40, 'a'), std::string(40, 'b'),
                      dir.path() / "event.json"),
            "");
  auto event = ReadPullRequestEvent(dir.path() / "event.json");
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->number, 42);
  EXPECT_EQ(event->head_sha, std::string(40, 'a'));
  EXPECT_EQ(event->base_sha, std::string(40, 'b'));
}

TEST(PrEvent, ReadsAWorkflowRunEventWithAndWithoutItsPullRequest) {
  ASSERT_EQ(PeerToolsProblem(), "");
  TempDir dir;
  ASSERT_EQ(MakeEvent("workflow_run", "completed", 7, std::string(40, 'c'), "",
                      dir.path() / "same-repo.json"),
            "");
  auto same = ReadPullRequestEvent(dir.path() / "same-repo.json");
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->number, 7);
  EXPECT_EQ(same->head_sha, std::string(40, 'c'));

  // A fork's pull request: GitHub leaves workflow_run.pull_requests empty.
  ASSERT_EQ(
      MakeEvent("workflow_run", "completed", 0, std::string(40, 'c'), "", dir.path() / "fork.json"),
      "");
  auto fork = ReadPullRequestEvent(dir.path() / "fork.json");
  ASSERT_TRUE(fork.ok()) << fork.status().ToString();
  EXPECT_FALSE(fork->number.has_value());
}

TEST(PrEvent, OtherPayloadsAreInvalidArguments) {
  EXPECT_EQ(ParsePullRequestEvent("{\"push\":{}}").status().code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePullRequestEvent("not json").status().code(), core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nova::github
