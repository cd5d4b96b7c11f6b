// GitHubClient: the few REST calls the pull-request bot makes (list a pull request's review
// comments, create a review, reply to a comment) over a core::http::Transport, with GitHub's
// rules for retrying: 5xx and failed exchanges with bounded exponential backoff; 403/429 rate
// limits (Retry-After, x-ratelimit-remaining 0 + x-ratelimit-reset, the secondary limit) by
// waiting, within a cap. A failed request's Status carries GitHub's own message verbatim. The
// token goes only into the Authorization header and only to `api_url`. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/http/http_client.h"
#include "nova-core/result.h"

namespace nova::github {

struct PullRequestRef {
  std::string api_url = "https://api.github.com";  // $GITHUB_API_URL, no trailing slash
  std::string repository;                          // "owner/name" ($GITHUB_REPOSITORY)
  int number = 0;
};

struct RetryPolicy {
  int max_attempts = 5;                            // Default: 5 tries per request
  std::chrono::milliseconds first_backoff{1'000};  // Default: 1 s, doubled each retry
  std::chrono::milliseconds max_backoff{30'000};   // Default: 30 s per 5xx retry
  // Default: 5 min; a rate limit asking for a longer wait fails the request instead.
  std::chrono::milliseconds max_rate_limit_wait{300'000};
  // Default: 60 s, GitHub's advice for a secondary limit without Retry-After.
  std::chrono::milliseconds secondary_limit_wait{60'000};
  int max_pages = 50;  // Default: 50 pages of 100 comments
};

// The world the client waits in; tests pass a fake that records instead of sleeping.
struct Clock {
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<std::int64_t()> now_seconds;  // seconds since the epoch
  static Clock Real();
};

struct ReviewComment {
  std::int64_t id = 0;
  std::string body = {};
  std::string path = {};
  std::optional<std::int64_t> in_reply_to_id = std::nullopt;
  std::string author = {};  // user.login; "" when GitHub names no user (a deleted account)
};

class GitHubClient {
 public:
  GitHubClient(core::http::Transport& transport, PullRequestRef pull, std::string token,
               RetryPolicy policy = {}, Clock clock = Clock::Real());

  // The pull request's head commit now (GET .../pulls/N).
  core::Result<std::string> HeadSha();
  // Every review comment of the pull request, following the Link header's rel="next".
  core::Result<std::vector<ReviewComment>> ListReviewComments();
  // The login the token acts as (GET /user), or nullopt when GitHub refuses that with 403, as it
  // does for an installation token such as GitHub Actions' GITHUB_TOKEN.
  core::Result<std::optional<std::string>> AuthenticatedLogin();
  // POST .../pulls/N/reviews with `review` as the body; the new review's id.
  core::Result<std::int64_t> CreateReview(const nlohmann::json& review);
  // POST .../pulls/N/comments/ID/replies.
  core::Status ReplyToComment(std::int64_t comment_id, const std::string& body);

  // One line per wait or retry, for the command's log; never holds the token.
  const std::vector<std::string>& Events() const { return events_; }

 private:
  // A response with status `answer_status` (other than a rate limit) is returned as it is,
  // not as an error; 0: only 2xx responses are.
  core::Result<core::http::Response> Call(const std::string& method, const std::string& url,
                                          const std::string& body, long answer_status = 0);
  std::string PullPath() const;

  core::http::Transport& transport_;
  PullRequestRef pull_;
  std::string token_;
  RetryPolicy policy_;
  Clock clock_;
  std::vector<std::string> events_;
};

// The URL of rel="next" in a Link header, "" when there is none.
std::string NextPageUrl(const std::string& link_header);

}  // namespace nova::github
