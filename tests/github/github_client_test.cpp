// GitHubClient against real protocol peers: Prism serving GitHub's OpenAPI description, and the
// stateful peer (which validates every body against the same description) where Prism cannot
// keep state or script rate limits.
#include "github/github_client.h"

#include <gtest/gtest.h>

#include "github/review_builder.h"
#include "peer_process.h"

namespace nova::github {
namespace {

using nova::testing::Peer;
using nova::testing::PeerCall;

constexpr char kToken[] = "ghs_secretTOKEN0123456789";

// Records every wait instead of sleeping; the time stands still at 1'700'000'000.
struct FakeClock {
  std::vector<std::chrono::milliseconds> waits;
  Clock Make() {
    Clock clock;
    clock.sleep = [this](std::chrono::milliseconds wait) { waits.push_back(wait); };
    clock.now_seconds = [] { return std::int64_t{1'700'000'000}; };
    return clock;
  }
};

class StatefulPeerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Peer& peer = nova::testing::SharedStatefulPeer();
    ASSERT_EQ(peer.problem, "");
    url_ = peer.url;
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/reset", nlohmann::json::object()).status, 200);
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/config", {{"token", kToken}}).status, 200);
  }
  GitHubClient Client() {
    return GitHubClient(transport_, PullRequestRef{url_, "octo/demo", 7}, kToken, RetryPolicy{},
                        clock_.Make());
  }
  void Script(const std::string& method, const std::string& route, int status,
              nlohmann::json headers, nlohmann::json body) {
    ASSERT_EQ(PeerCall("POST", url_ + "/__peer/script",
                       {{"method", method},
                        {"route", route},
                        {"status", status},
                        {"headers", std::move(headers)},
                        {"body", std::move(body)}})
                  .status,
              200);
  }
  nlohmann::json Requests() { return PeerCall("GET", url_ + "/__peer/requests").body; }

  std::string url_;
  core::http::CurlTransport transport_;
  FakeClock clock_;
};

constexpr char kReviewsRoute[] = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews";
constexpr char kCommentsRoute[] = "/repos/{owner}/{repo}/pulls/{pull_number}/comments";

nlohmann::json SmallReview() {
  return {{"commit_id", std::string(40, 'a')},
          {"event", "COMMENT"},
          {"body", "summary"},
          {"comments", {{{"path", "a.cpp"}, {"line", 2}, {"side", "RIGHT"}, {"body", "x"}}}}};
}

TEST_F(StatefulPeerTest, FollowsLinkPaginationAcrossPages) {
  nlohmann::json seed = nlohmann::json::array();
  for (int i = 0; i < 230; ++i) {
    seed.push_back({{"path", "a.cpp"}, {"line", 1}, {"body", "c" + std::to_string(i)}});
  }
  ASSERT_EQ(PeerCall("POST", url_ + "/__peer/comments", seed).status, 200);
  ASSERT_EQ(PeerCall("POST", url_ + "/__peer/config", {{"per_page_cap", 100}}).status, 200);
  GitHubClient client = Client();
  auto comments = client.ListReviewComments();
  ASSERT_TRUE(comments.ok()) << comments.status().ToString();
  ASSERT_EQ(comments->size(), 230u);
  EXPECT_EQ(comments->back().body, "c229");
  const nlohmann::json requests = Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2]["query"], "?per_page=100&page=3");
  EXPECT_TRUE(requests[0]["has_auth"]);
}

TEST_F(StatefulPeerTest, WaitsOutASecondaryRateLimitThenSucceeds) {
  Script("POST", kReviewsRoute, 403, {{"retry-after", "3"}},
         {{"message",
           "You have exceeded a secondary rate limit. Please wait a few minutes "
           "before you try again."},
          {"documentation_url",
           "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}});
  GitHubClient client = Client();
  auto id = client.CreateReview(SmallReview());
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_EQ(clock_.waits.size(), 1u);
  EXPECT_EQ(clock_.waits[0], std::chrono::seconds(3));
  ASSERT_EQ(client.Events().size(), 1u);
  EXPECT_NE(client.Events()[0].find("secondary rate limit"), std::string::npos);
  EXPECT_EQ(Requests().size(), 2u);
}

TEST_F(StatefulPeerTest, WaitsForThePrimaryLimitToReset) {
  Script("GET", kCommentsRoute, 403,
         {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1700000010"}},
         {{"message", "API rate limit exceeded for installation ID 1."}});
  GitHubClient client = Client();
  auto comments = client.ListReviewComments();
  ASSERT_TRUE(comments.ok()) << comments.status().ToString();
  ASSERT_EQ(clock_.waits.size(), 1u);
  EXPECT_EQ(clock_.waits[0], std::chrono::seconds(11));
}

TEST_F(StatefulPeerTest, ARateLimitLongerThanTheCapFailsWithGitHubsMessage) {
  Script("POST", kReviewsRoute, 429, {{"retry-after", "3600"}},
         {{"message", "You have exceeded a secondary rate limit."}});
  GitHubClient client = Client();
  auto id = client.CreateReview(SmallReview());
  ASSERT_EQ(id.status().code(), core::StatusCode::kResourceExhausted);
  EXPECT_NE(id.status().message().find("You have exceeded a secondary rate limit."),
            std::string::npos);
  EXPECT_TRUE(clock_.waits.empty());
}

TEST_F(StatefulPeerTest, Retries5xxWithBoundedBackoffThenGivesUp) {
  for (int i = 0; i < 5; ++i) {
    Script("POST", kReviewsRoute, 502, nlohmann::json::object(), {{"message", "Server Error"}});
  }
  GitHubClient client = Client();
  auto id = client.CreateReview(SmallReview());
  ASSERT_EQ(id.status().code(), core::StatusCode::kUnavailable);
  EXPECT_NE(id.status().message().find("HTTP 502: Server Error"), std::string::npos);
  EXPECT_NE(id.status().message().find("gave up after 5 attempts"), std::string::npos);
  using std::chrono::milliseconds;
  EXPECT_EQ(clock_.waits, (std::vector<milliseconds>{milliseconds(1000), milliseconds(2000),
                                                     milliseconds(4000), milliseconds(8000)}));
}

TEST_F(StatefulPeerTest, A422ReportsGitHubsMessageVerbatim) {
  Script("POST", kReviewsRoute, 422, nlohmann::json::object(),
         {{"message", "Unprocessable Entity"},
          {"errors", {"Pull request review thread line must be part of the diff"}},
          {"documentation_url",
           "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request"}});
  GitHubClient client = Client();
  auto id = client.CreateReview(SmallReview());
  ASSERT_EQ(id.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(id.status().message().find(
                "HTTP 422: Unprocessable Entity [\"Pull request review thread line must be part "
                "of the diff\"]"),
            std::string::npos)
      << id.status().message();
  EXPECT_EQ(id.status().message().find(kToken), std::string::npos);
  EXPECT_TRUE(clock_.waits.empty());  // a 422 is not retried
}

TEST_F(StatefulPeerTest, ABodyOutsideGitHubsSchemaIsRejectedByThePeer) {
  GitHubClient client = Client();
  nlohmann::json bad = SmallReview();
  bad["comments"][0]["line"] = "two";
  auto id = client.CreateReview(bad);
  ASSERT_EQ(id.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(id.status().message().find("Invalid request."), std::string::npos);
}

// Each comment names its author; GITHUB_TOKEN (the peer's default) may not read GET /user.
TEST_F(StatefulPeerTest, ReadsCommentAuthorsAndTheRefusalOfGetUser) {
  ASSERT_EQ(
      PeerCall(
          "POST", url_ + "/__peer/comments",
          nlohmann::json::array(
              {{{"path", "a.cpp"}, {"line", 1}, {"body", "a"}},
               {{"path", "a.cpp"}, {"line", 1}, {"body", "b"}, {"user", {{"login", "mallory"}}}},
               {{"path", "a.cpp"}, {"line", 1}, {"body", "c"}, {"user", nullptr}}}))
          .status,
      200);
  GitHubClient client = Client();
  auto comments = client.ListReviewComments();
  ASSERT_TRUE(comments.ok()) << comments.status().ToString();
  ASSERT_EQ(comments->size(), 3u);
  EXPECT_EQ((*comments)[0].author, "github-actions[bot]");
  EXPECT_EQ((*comments)[1].author, "mallory");
  EXPECT_EQ((*comments)[2].author, "");  // a deleted account
  auto login = client.AuthenticatedLogin();
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_FALSE(login->has_value());
  EXPECT_TRUE(clock_.waits.empty());  // a 403 without a rate limit is not waited out
}

TEST_F(StatefulPeerTest, AWrongTokenIsBadCredentials) {
  GitHubClient client(transport_, PullRequestRef{url_, "octo/demo", 7}, "wrong", RetryPolicy{},
                      clock_.Make());
  auto comments = client.ListReviewComments();
  ASSERT_EQ(comments.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(comments.status().message().find("HTTP 401: Bad credentials"), std::string::npos);
}

TEST_F(StatefulPeerTest, RefusesToSendTheTokenToAnotherHostALinkHeaderNames) {
  Script("GET", kCommentsRoute, 200, {{"link", "<http://127.0.0.2:1/steal?page=2>; rel=\"next\""}},
         nlohmann::json::array());
  GitHubClient client = Client();
  auto comments = client.ListReviewComments();
  ASSERT_EQ(comments.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(comments.status().message().find("the token is not sent there"), std::string::npos);
}

TEST(NextPageUrl, ReadsRelNextAmongOthers) {
  EXPECT_EQ(NextPageUrl("<https://api.github.com/x?page=1>; rel=\"prev\", "
                        "<https://api.github.com/x?page=3>; rel=\"next\", "
                        "<https://api.github.com/x?page=9>; rel=\"last\""),
            "https://api.github.com/x?page=3");
  EXPECT_EQ(NextPageUrl("<https://api.github.com/x?page=1>; rel=\"prev\""), "");
  EXPECT_EQ(NextPageUrl(""), "");
}

// Prism answers from GitHub's OpenAPI description and rejects (422) any request that does not
// match it: the review body with a multi-line suggestion must pass as GitHub would take it.
class PrismTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Peer& prism = nova::testing::SharedPrism();
    ASSERT_EQ(prism.problem, "");
    url_ = prism.url;
  }
  std::string url_;
  core::http::CurlTransport transport_;
  FakeClock clock_;
};

TEST_F(PrismTest, AcceptsAReviewWithAMultiLineSuggestion) {
  GitHubClient client(transport_, PullRequestRef{url_, "octo/demo", 7}, kToken, RetryPolicy{},
                      clock_.Make());
  nlohmann::json review = SmallReview();
  review["comments"].push_back(
      {{"path", "a.cpp"},
       {"start_line", 4},
       {"start_side", "RIGHT"},
       {"line", 6},
       {"side", "RIGHT"},
       {"body",
        "**use-override** (warning): m\n\n```suggestion\nvoid F(const int* q,\n"
        "       long r) {\n}\n```\n\n" +
            FingerprintMarker("fp")}});
  auto id = client.CreateReview(review);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_TRUE(clock_.waits.empty());
}

TEST_F(PrismTest, RejectsABodyOutsideTheSchemaWith422) {
  GitHubClient client(transport_, PullRequestRef{url_, "octo/demo", 7}, kToken, RetryPolicy{},
                      clock_.Make());
  nlohmann::json review = SmallReview();
  review["event"] = "SHOUT";
  auto id = client.CreateReview(review);
  EXPECT_EQ(id.status().code(), core::StatusCode::kInvalidArgument) << id.status().ToString();
}

TEST_F(PrismTest, ReadsThePullRequestsHead) {
  GitHubClient client(transport_, PullRequestRef{url_, "octo/demo", 7}, kToken, RetryPolicy{},
                      clock_.Make());
  auto head = client.HeadSha();
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->size(), 40u);
}

// GitHub's description of GET /user: the login comes from the authenticated user's object.
TEST_F(PrismTest, ReadsTheLoginTheTokenActsAs) {
  GitHubClient client(transport_, PullRequestRef{url_, "octo/demo", 7}, kToken, RetryPolicy{},
                      clock_.Make());
  auto login = client.AuthenticatedLogin();
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  ASSERT_TRUE(login->has_value());
  EXPECT_EQ(**login, "octocat");  // the description's example
}

// Prism's answer carries the description's example Link header, whose next page is on
// api.github.com: not the API the client was given, so the token must not go there.
TEST_F(PrismTest, ListingDoesNotFollowALinkToAnotherHost) {
  GitHubClient client(transport_, PullRequestRef{url_, "octo/demo", 7}, kToken, RetryPolicy{},
                      clock_.Make());
  auto comments = client.ListReviewComments();
  ASSERT_EQ(comments.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(comments.status().message().find("GET https://api.github.com/resource: not under " +
                                             url_ + "; the token is not sent there"),
            std::string::npos)
      << comments.status().message();
}

}  // namespace
}  // namespace nova::github
