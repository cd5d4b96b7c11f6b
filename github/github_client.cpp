#include "github/github_client.h"

#include <algorithm>
#include <thread>

namespace nova::github {
namespace {

using std::chrono::milliseconds;

std::string Describe(const std::string& method, const std::string& url) {
  return method + " " + core::http::UrlForMessage(url);
}

// GitHub's error as it sent it: "HTTP 422: <message> (<errors>) <documentation_url>".
std::string GitHubMessage(const core::http::Response& response) {
  std::string text = "HTTP " + std::to_string(response.status);
  try {
    const nlohmann::json body = nlohmann::json::parse(response.body);
    if (body.is_object() && body.contains("message") && body["message"].is_string()) {
      text += ": " + body["message"].get<std::string>();
      if (body.contains("errors")) text += " " + body["errors"].dump();
      if (body.contains("documentation_url") && body["documentation_url"].is_string()) {
        text += " (" + body["documentation_url"].get<std::string>() + ")";
      }
      return text;
    }
  } catch (const nlohmann::json::exception&) {
  }
  if (!response.body.empty()) text += ": " + response.body.substr(0, 500);
  return text;
}

core::Status ErrorFor(const core::http::Response& response, const std::string& where) {
  const std::string message = where + ": " + GitHubMessage(response);
  switch (response.status) {
    case 401:
    case 403:
      return core::FailedPreconditionError(message);
    case 404:
      return core::NotFoundError(message);
    case 422:
      return core::InvalidArgumentError(message);
    default:
      return response.status >= 500 ? core::UnavailableError(message)
                                    : core::InternalError(message);
  }
}

std::optional<long long> ParseInteger(const std::string& text) {
  if (text.empty()) return std::nullopt;
  try {
    size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used != text.size()) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool MentionsSecondaryLimit(const std::string& body) {
  std::string lower(body);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("secondary rate limit") != std::string::npos;
}

// How long a 403/429 asks to wait, or nullopt when it is not a rate limit.
std::optional<milliseconds> RateLimitWait(const core::http::Response& response,
                                          const RetryPolicy& policy, std::int64_t now) {
  if (response.status != 403 && response.status != 429) return std::nullopt;
  if (auto seconds = ParseInteger(response.Header("retry-after"))) {
    return milliseconds(std::max(0LL, *seconds) * 1000);
  }
  if (response.Header("x-ratelimit-remaining") == "0") {
    if (auto reset = ParseInteger(response.Header("x-ratelimit-reset"))) {
      return milliseconds(std::max(0LL, *reset - now + 1) * 1000);
    }
  }
  if (response.status == 429 || MentionsSecondaryLimit(response.body)) {
    return policy.secondary_limit_wait;
  }
  return std::nullopt;
}

}  // namespace

Clock Clock::Real() {
  Clock clock;
  clock.sleep = [](milliseconds wait) { std::this_thread::sleep_for(wait); };
  clock.now_seconds = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  return clock;
}

std::string NextPageUrl(const std::string& link_header) {
  // <https://api.github.com/...?page=2>; rel="next", <...>; rel="last"
  size_t begin = 0;
  while (begin < link_header.size()) {
    size_t end = link_header.find(',', begin);
    if (end == std::string::npos) end = link_header.size();
    const std::string part = link_header.substr(begin, end - begin);
    const size_t open = part.find('<');
    const size_t close = part.find('>', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos &&
        part.find("rel=\"next\"", close) != std::string::npos) {
      return part.substr(open + 1, close - open - 1);
    }
    begin = end + 1;
  }
  return "";
}

GitHubClient::GitHubClient(core::http::Transport& transport, PullRequestRef pull, std::string token,
                           RetryPolicy policy, Clock clock)
    : transport_(transport),
      pull_(std::move(pull)),
      token_(std::move(token)),
      policy_(policy),
      clock_(std::move(clock)) {
  while (!pull_.api_url.empty() && pull_.api_url.back() == '/') pull_.api_url.pop_back();
}

namespace {

// One request to GitHub's REST API, with the token when there is one.
core::http::Request ApiRequest(const std::string& method, const std::string& url,
                               const std::string& body, const std::string& token) {
  core::http::Request request;
  request.method = method;
  request.url = url;
  // GitHub recommends its own media type; application/json is what its OpenAPI description
  // declares, and what it serves too.
  request.headers = {"Accept: application/vnd.github+json, application/json",
                     "X-GitHub-Api-Version: 2022-11-28"};
  if (!body.empty()) request.headers.push_back("Content-Type: application/json");
  request.body = body;
  if (!token.empty()) request.authorization = "Bearer " + token;
  return request;
}

}  // namespace

std::string GitHubClient::PullPath() const {
  return pull_.api_url + "/repos/" + pull_.repository + "/pulls/" + std::to_string(pull_.number);
}

core::Result<core::http::Response> GitHubClient::Call(const std::string& method,
                                                      const std::string& url,
                                                      const std::string& body, long answer_status) {
  const std::string where = Describe(method, url);
  // The token goes to the API only, never to a host a Link header or a redirect names.
  if (url.rfind(pull_.api_url + "/", 0) != 0) {
    return core::FailedPreconditionError(where + ": not under " + pull_.api_url +
                                         "; the token is not sent there");
  }
  const core::http::Request request = ApiRequest(method, url, body, token_);
  milliseconds backoff = policy_.first_backoff;
  core::Status last = core::UnavailableError(where + ": no attempt made");
  for (int attempt = 1; attempt <= policy_.max_attempts; ++attempt) {
    auto response = transport_.Send(request);
    milliseconds wait{0};
    if (!response.ok() && method == "POST" &&
        response.status().code() == core::StatusCode::kDeadlineExceeded) {
      // It may have landed: a second POST could create a second review.
      return response.status();
    }
    if (!response.ok()) {
      last = response.status();
      wait = backoff;
      backoff = std::min(backoff * 2, policy_.max_backoff);
    } else if (response->status >= 200 && response->status < 300) {
      return response;
    } else if (auto limit = RateLimitWait(*response, policy_, clock_.now_seconds())) {
      last = ErrorFor(*response, where);
      if (*limit > policy_.max_rate_limit_wait) {
        return core::ResourceExhaustedError(
            last.message() + "; rate limited for " + std::to_string(limit->count() / 1000) +
            " s, more than the " + std::to_string(policy_.max_rate_limit_wait.count() / 1000) +
            " s Nova waits");
      }
      wait = *limit;
    } else if (answer_status != 0 && response->status == answer_status) {
      return response;
    } else if (response->status >= 500) {
      last = ErrorFor(*response, where);
      wait = backoff;
      backoff = std::min(backoff * 2, policy_.max_backoff);
    } else {
      return ErrorFor(*response, where);
    }
    if (attempt == policy_.max_attempts) break;
    events_.push_back(last.message() + "; retrying in " + std::to_string(wait.count()) +
                      " ms (attempt " + std::to_string(attempt + 1) + " of " +
                      std::to_string(policy_.max_attempts) + ")");
    clock_.sleep(wait);
  }
  return core::Status(
      last.code() == core::StatusCode::kInternal ? core::StatusCode::kUnavailable : last.code(),
      last.message() + " (gave up after " + std::to_string(policy_.max_attempts) + " attempts)");
}

core::Result<std::vector<ReviewComment>> GitHubClient::ListReviewComments() {
  std::vector<ReviewComment> comments;
  std::string url = PullPath() + "/comments?per_page=100";
  for (int page = 0; !url.empty(); ++page) {
    if (page == policy_.max_pages) {
      return core::ResourceExhaustedError("more than " + std::to_string(policy_.max_pages) +
                                          " pages of review comments");
    }
    NOVA_ASSIGN_OR_RETURN(core::http::Response response, Call("GET", url, ""));
    try {
      const nlohmann::json list = nlohmann::json::parse(response.body);
      if (!list.is_array()) {
        return core::InternalError(Describe("GET", url) + ": expected a JSON array");
      }
      for (const nlohmann::json& item : list) {
        ReviewComment comment;
        comment.id = item.at("id").get<std::int64_t>();
        comment.body = item.value("body", "");
        comment.path = item.value("path", "");
        if (item.contains("in_reply_to_id") && item["in_reply_to_id"].is_number_integer()) {
          comment.in_reply_to_id = item["in_reply_to_id"].get<std::int64_t>();
        }
        if (item.contains("user") && item["user"].is_object()) {
          comment.author = item["user"].value("login", "");
        }
        comments.push_back(std::move(comment));
      }
    } catch (const nlohmann::json::exception& e) {
      return core::InternalError(Describe("GET", url) + ": unexpected response: " + e.what());
    }
    url = NextPageUrl(response.Header("link"));
  }
  return comments;
}

core::Result<std::string> GitHubClient::HeadSha() {
  const std::string url = PullPath();
  NOVA_ASSIGN_OR_RETURN(core::http::Response response, Call("GET", url, ""));
  try {
    return nlohmann::json::parse(response.body).at("head").at("sha").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    return core::InternalError(Describe("GET", url) + ": unexpected response: " + e.what());
  }
}

core::Result<std::optional<std::string>> GitHubClient::AuthenticatedLogin() {
  const std::string url = pull_.api_url + "/user";
  NOVA_ASSIGN_OR_RETURN(core::http::Response response, Call("GET", url, "", 403));
  if (response.status == 403) return std::optional<std::string>();
  try {
    return std::optional<std::string>(
        nlohmann::json::parse(response.body).at("login").get<std::string>());
  } catch (const nlohmann::json::exception& e) {
    return core::InternalError(Describe("GET", url) + ": unexpected response: " + e.what());
  }
}

core::Result<std::int64_t> GitHubClient::CreateReview(const nlohmann::json& review) {
  const std::string url = PullPath() + "/reviews";
  NOVA_ASSIGN_OR_RETURN(core::http::Response response, Call("POST", url, review.dump()));
  try {
    return nlohmann::json::parse(response.body).at("id").get<std::int64_t>();
  } catch (const nlohmann::json::exception& e) {
    return core::InternalError(Describe("POST", url) + ": unexpected response: " + e.what());
  }
}

core::Status GitHubClient::ReplyToComment(std::int64_t comment_id, const std::string& body) {
  const std::string url = PullPath() + "/comments/" + std::to_string(comment_id) + "/replies";
  auto response = Call("POST", url, nlohmann::json{{"body", body}}.dump());
  return response.ok() ? core::Status::Ok() : response.status();
}

}  // namespace nova::github
