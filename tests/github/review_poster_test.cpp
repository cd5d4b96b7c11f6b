// PostReview against the stateful peer (every body checked against GitHub's OpenAPI description),
// with review comments by several authors: only those by the login Nova posts as are Nova's, so
// a marker someone else writes neither hides Nova's comment nor brings on a "fixed" reply.
#include "github/review_poster.h"

#include <gtest/gtest.h>

#include "github/bot_identity.h"
#include "github/review_builder.h"
#include "peer_process.h"

namespace nova::github {
namespace {

using nova::testing::PeerCall;

constexpr char kToken[] = "ghs_posterTOKEN0123456789";
constexpr char kCommit[] = "0123456789012345678901234567890123456789";

// One finding on an added line of a.cpp, as BuildGitHubReview writes its review.
nlohmann::json ReviewOf(const std::string& fingerprint) {
  reviewer::Review review;
  review.root = "/repo";
  reviewer::ReviewedFinding reviewed;
  reviewed.finding.rule = "use-nullptr";
  reviewed.finding.severity = core::Severity::kWarning;
  reviewed.finding.file = "/repo/a.cpp";
  reviewed.finding.line = 2;
  reviewed.finding.end_line = 2;
  reviewed.finding.message = "NULL used as a null pointer";
  reviewed.relative_file = "a.cpp";
  reviewed.fingerprint = fingerprint;
  review.findings.push_back(std::move(reviewed));
  core::git::ChangedLines changed;
  changed.ranges["a.cpp"] = {{1, 3}};
  ReviewBuildOptions options;
  options.commit_id = kCommit;
  return BuildGitHubReview(
      review, changed,
      [](const std::string&) -> core::Result<std::string> { return std::string("a\nb\nc\n"); },
      options);
}

nlohmann::json By(const std::string& login) {
  return {{"login", login}, {"id", 7}, {"type", "User"}};
}

class ReviewPosterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const nova::testing::Peer& peer = nova::testing::SharedStatefulPeer();
    ASSERT_EQ(peer.problem, "");
    url_ = peer.url;
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/reset", nlohmann::json::object()).status, 200);
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/config", {{"token", kToken}, {"head_sha", kCommit}})
                  .status,
              200);
  }
  GitHubClient Client() {
    return GitHubClient(transport_, PullRequestRef{url_, "octo/demo", 7}, kToken);
  }
  // Existing review comments; those without a "user" are by the token's identity.
  void Seed(nlohmann::json comments) {
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/comments", std::move(comments)).status, 200);
  }
  // One earlier comment on a.cpp by someone other than Nova.
  void SeedByMallory(int line, const std::string& body) {
    Seed({{{"path", "a.cpp"}, {"line", line}, {"user", By("mallory")}, {"body", body}}});
  }
  // Posts the review of one finding, `fp-null`, as GitHub Actions' bot.
  core::Result<PostOutcome> PostFpNull() {
    GitHubClient client = Client();
    return PostReview(client, ReviewOf("fp-null"), kActionsBotLogin);
  }
  nlohmann::json Comments() { return PeerCall("GET", url_ + "/__peer/state").body["comments"]; }

  std::string url_;
  core::http::CurlTransport transport_;
};

TEST_F(ReviewPosterTest, AMarkerInAnotherUsersCommentDoesNotHideNovasComment) {
  // The pull request's author quotes the marker of the comment Nova is about to post.
  SeedByMallory(2, "nothing to see\n" + FingerprintMarker("fp-null"));
  auto outcome = PostFpNull();
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->posted_comments, 1);
  EXPECT_EQ(outcome->already_posted, 0);
  EXPECT_EQ(outcome->foreign_markers, 1);
  EXPECT_NE(DescribeOutcome(*outcome).find("ignored 1 Nova marker(s) in comments by others"),
            std::string::npos);
  const nlohmann::json comments = Comments();
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(comments[1]["user"]["login"], kActionsBotLogin);
  EXPECT_EQ(MarkerFingerprint(comments[1]["body"].get<std::string>()), "fp-null");
}

TEST_F(ReviewPosterTest, AMarkerInAnotherUsersCommentBringsNoFixedReply) {
  // A finding the review no longer holds, but the comment is mallory's, not Nova's.
  SeedByMallory(1, "looks fixed?\n" + FingerprintMarker("fp-gone"));
  auto outcome = PostFpNull();
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->fixed_checked);
  EXPECT_TRUE(outcome->fixed_replies.empty());
  for (const nlohmann::json& comment : Comments()) {
    EXPECT_FALSE(comment.contains("in_reply_to_id")) << comment.dump();
  }
}

TEST_F(ReviewPosterTest, AFixedMarkerByAnotherUserDoesNotSilenceNovasReply) {
  Seed(
      {{{"path", "a.cpp"}, {"line", 1}, {"body", "old finding\n" + FingerprintMarker("fp-gone")}}});
  const std::int64_t novas = Comments()[0]["id"];
  Seed({{{"path", "a.cpp"},
         {"line", 1},
         {"in_reply_to_id", novas},
         {"user", By("mallory")},
         {"body", "sure\n" + FixedMarker("fp-gone")}}});
  auto outcome = PostFpNull();
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->fixed_replies, std::vector<std::string>{"fp-gone"});
  const nlohmann::json comments = Comments();
  ASSERT_EQ(comments.size(), 4u);  // Nova's old one, mallory's reply, the new one, Nova's reply
  EXPECT_EQ(comments[3]["in_reply_to_id"], novas);
  EXPECT_EQ(comments[3]["user"]["login"], kActionsBotLogin);
}

TEST_F(ReviewPosterTest, NovasOwnCommentsStillCountWhateverTheCaseOfTheLogin) {
  Seed({{{"path", "a.cpp"}, {"line", 2}, {"body", "earlier\n" + FingerprintMarker("fp-null")}},
        {{"path", "a.cpp"}, {"line", 1}, {"body", "earlier\n" + FingerprintMarker("fp-gone")}}});
  GitHubClient client = Client();
  auto outcome = PostReview(client, ReviewOf("fp-null"), "GitHub-Actions[bot]");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->review_id, 0);
  EXPECT_EQ(outcome->already_posted, 1);
  EXPECT_EQ(outcome->fixed_replies, std::vector<std::string>{"fp-gone"});
  EXPECT_EQ(outcome->foreign_markers, 0);
}

TEST_F(ReviewPosterTest, TheIdentityIsTheTokensLoginOrGitHubActionsBot) {
  GitHubClient client = Client();
  auto actions = ResolveBotIdentity(client, "");  // the peer's default: GITHUB_TOKEN, /user 403
  ASSERT_TRUE(actions.ok()) << actions.status().ToString();
  EXPECT_EQ(actions->login, kActionsBotLogin);
  EXPECT_NE(actions->origin.find("GET /user is refused"), std::string::npos);

  ASSERT_EQ(PeerCall("POST", url_ + "/__peer/config", {{"viewer", "octocat"}}).status, 200);
  auto personal = ResolveBotIdentity(client, "");
  ASSERT_TRUE(personal.ok()) << personal.status().ToString();
  EXPECT_EQ(personal->login, "octocat");
  EXPECT_EQ(personal->origin, "GET /user");

  auto configured = ResolveBotIdentity(client, "my-app[bot]");
  ASSERT_TRUE(configured.ok());
  EXPECT_EQ(configured->login, "my-app[bot]");
  EXPECT_EQ(ResolveBotIdentity(client, "bad login").status().code(),
            core::StatusCode::kInvalidArgument);
  ASSERT_EQ(PeerCall("POST", url_ + "/__peer/config", {{"viewer", nullptr}}).status, 200);
}

TEST_F(ReviewPosterTest, AnIdentityThatCannotBeReadFailsNamingTheWayOut) {
  ASSERT_EQ(PeerCall("POST", url_ + "/__peer/config", {{"token", "another"}}).status, 200);
  GitHubClient client = Client();
  auto identity = ResolveBotIdentity(client, "");
  EXPECT_EQ(identity.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(identity.status().message().find("pass --bot-login LOGIN"), std::string::npos);
  EXPECT_NE(identity.status().message().find("HTTP 401: Bad credentials"), std::string::npos)
      << identity.status().ToString();
}

TEST(GitHubLogin, LettersDigitsSingleHyphensAndABotSuffix) {
  for (const char* good : {"octocat", "github-actions[bot]", "a", "A-1-b"}) {
    EXPECT_TRUE(IsGitHubLogin(good)) << good;
  }
  EXPECT_TRUE(IsGitHubLogin(std::string(39, 'x')));
  for (const char* bad : {"", "-a", "a-", "a--b", "a b", "a[bot", "[bot]", "a/b", "x;rm"}) {
    EXPECT_FALSE(IsGitHubLogin(bad)) << bad;
  }
  EXPECT_FALSE(IsGitHubLogin(std::string(40, 'x')));
  EXPECT_TRUE(SameLogin("GitHub-Actions[bot]", "github-actions[bot]"));
  EXPECT_FALSE(SameLogin("octocat", "octocats"));
}

}  // namespace
}  // namespace nova::github
