// Review poster: posts a review built by BuildGitHubReview without reposting. It checks that the
// pull request's head is the review's commit, reads the pull request's review comments first,
// leaves out every comment whose fingerprint marker Nova already posted, posts the rest as one
// review (none when nothing is new), and replies once to each earlier Nova comment whose finding
// the review no longer holds, naming the commit. Only comments by Nova's own login count as
// Nova's: a marker anyone else writes hides nothing and triggers no reply. Not thread-safe (it
// drives one GitHubClient).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "github/github_client.h"
#include "nova-core/result.h"

namespace nova::github {

struct PostOutcome {
  std::int64_t review_id = 0;  // 0: no review was created (nothing new to say)
  int posted_comments = 0;
  int already_posted = 0;                       // comments left out: their marker was there
  std::vector<std::string> fixed_replies = {};  // fingerprints replied to as fixed
  bool fixed_checked = true;  // false: the analysis was partial, so nothing was called fixed
  int foreign_markers = 0;    // Nova markers in comments by other authors, ignored
};

// `bot_login` is the login Nova posts as (ResolveBotIdentity): only its comments are Nova's.
// InvalidArgument when `review` is not a review body with a commit_id and a comments array;
// FailedPrecondition when the pull request's head is another commit.
core::Result<PostOutcome> PostReview(GitHubClient& client, const nlohmann::json& review,
                                     const std::string& bot_login);

// One line for the log: "posted review 80 with 2 comment(s); 1 already posted; replied to 1 fixed",
// then "; ignored 1 Nova marker(s) in comments by others" when there were some.
std::string DescribeOutcome(const PostOutcome& outcome);

}  // namespace nova::github
