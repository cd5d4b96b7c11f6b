#include "github/review_poster.h"

#include <set>

#include "github/bot_identity.h"
#include "github/review_builder.h"

namespace nova::github {
namespace {

bool IsReviewBody(const nlohmann::json& review) {
  return review.is_object() && review.contains("commit_id") && review["commit_id"].is_string() &&
         review.contains("comments") && review["comments"].is_array() && review.contains("body") &&
         review["body"].is_string();
}

// The review is posted only on the pull request whose head it was made for: a pull request
// number from elsewhere (an artifact) cannot aim its comments or replies at another one.
core::Status CheckHead(GitHubClient& client, const std::string& commit) {
  auto head = client.HeadSha();
  if (!head.ok()) return head.status().WithContext("reading the pull request");
  if (*head != commit) {
    return core::FailedPreconditionError("the pull request's head is " + *head +
                                         ", not the review's commit " + commit +
                                         " (a newer push gets its own review)");
  }
  return core::Status::Ok();
}

// What Nova said on the pull request before, by fingerprint.
struct EarlierComments {
  std::set<std::string> posted;         // Nova's own inline comments
  std::set<std::string> replied_fixed;  // findings already answered as fixed
};

// The pull request's review comments Nova wrote itself; `foreign` counts the others that carry
// one of Nova's markers (copied, quoted or planted), which are not Nova's word.
std::vector<ReviewComment> NovasOwn(const std::vector<ReviewComment>& comments,
                                    const std::string& bot_login, int& foreign) {
  std::vector<ReviewComment> own;
  for (const ReviewComment& comment : comments) {
    if (SameLogin(comment.author, bot_login)) {
      own.push_back(comment);
    } else if (!MarkerFingerprint(comment.body).empty() ||
               !FixedMarkerFingerprint(comment.body).empty()) {
      ++foreign;
    }
  }
  return own;
}

EarlierComments ReadEarlier(const std::vector<ReviewComment>& own) {
  EarlierComments earlier;
  for (const ReviewComment& comment : own) {
    const std::string fingerprint = comment.in_reply_to_id ? FixedMarkerFingerprint(comment.body)
                                                           : MarkerFingerprint(comment.body);
    if (fingerprint.empty()) continue;
    (comment.in_reply_to_id ? earlier.replied_fixed : earlier.posted).insert(fingerprint);
  }
  return earlier;
}

// Replies once to each earlier Nova comment whose finding the review no longer holds.
core::Status ReplyToFixed(GitHubClient& client, const std::vector<ReviewComment>& own,
                          const ReviewRecord& record, const std::string& commit,
                          EarlierComments& earlier, PostOutcome& outcome) {
  for (const ReviewComment& comment : own) {
    if (comment.in_reply_to_id) continue;
    const std::string fingerprint = MarkerFingerprint(comment.body);
    if (fingerprint.empty() || record.fingerprints.count(fingerprint) != 0 ||
        earlier.replied_fixed.count(fingerprint) != 0) {
      continue;
    }
    const std::string reply =
        "Fixed: Nova no longer reports this at " + commit + ".\n\n" + FixedMarker(fingerprint);
    if (auto replied = client.ReplyToComment(comment.id, reply); !replied.ok()) {
      return replied.WithContext("replying to comment " + std::to_string(comment.id));
    }
    earlier.replied_fixed.insert(fingerprint);
    outcome.fixed_replies.push_back(fingerprint);
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<PostOutcome> PostReview(GitHubClient& client, const nlohmann::json& review,
                                     const std::string& bot_login) {
  if (!IsReviewBody(review)) {
    return core::InvalidArgumentError(
        "not a review body: expected an object with commit_id, body and comments");
  }
  const std::string commit = review["commit_id"].get<std::string>();
  NOVA_RETURN_IF_ERROR(CheckHead(client, commit));
  auto existing = client.ListReviewComments();
  if (!existing.ok()) return existing.status().WithContext("reading the review comments");
  PostOutcome outcome;
  const std::vector<ReviewComment> own = NovasOwn(*existing, bot_login, outcome.foreign_markers);
  EarlierComments earlier = ReadEarlier(own);

  nlohmann::json fresh = nlohmann::json::array();
  for (const nlohmann::json& comment : review["comments"]) {
    const std::string fingerprint = MarkerFingerprint(comment.value("body", ""));
    if (!fingerprint.empty() && earlier.posted.count(fingerprint) != 0) {
      ++outcome.already_posted;
    } else {
      fresh.push_back(comment);
    }
  }
  if (!fresh.empty()) {
    nlohmann::json body = review;
    body["comments"] = fresh;
    auto id = client.CreateReview(body);
    if (!id.ok()) return id.status().WithContext("posting the review");
    outcome.review_id = *id;
    outcome.posted_comments = static_cast<int>(fresh.size());
  }

  const ReviewRecord record = ReadReviewRecord(review["body"].get<std::string>());
  outcome.fixed_checked = record.complete;
  if (record.complete) {
    NOVA_RETURN_IF_ERROR(ReplyToFixed(client, own, record, commit, earlier, outcome));
  }
  return outcome;
}

std::string DescribeOutcome(const PostOutcome& outcome) {
  std::string text = outcome.review_id == 0
                         ? std::string("nothing new to post")
                         : "posted review " + std::to_string(outcome.review_id) + " with " +
                               std::to_string(outcome.posted_comments) + " comment(s)";
  text += "; " + std::to_string(outcome.already_posted) + " already posted";
  if (outcome.fixed_checked) {
    text += "; replied to " + std::to_string(outcome.fixed_replies.size()) + " fixed";
  } else {
    text += "; fixed findings not checked (the analysis was partial)";
  }
  if (outcome.foreign_markers > 0) {
    text += "; ignored " + std::to_string(outcome.foreign_markers) +
            " Nova marker(s) in comments by others";
  }
  return text;
}

}  // namespace nova::github
