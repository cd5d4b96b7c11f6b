// PR event: what the bot needs from the webhook payload GitHub Actions writes to
// $GITHUB_EVENT_PATH: a pull_request event (the analysis side) or a workflow_run event (the
// posting side, which learns the pull request from the artifact and checks its head commit).
// Pure parsing; thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "nova-core/result.h"

namespace nova::github {

struct PullRequestEvent {
  std::optional<int> number = std::nullopt;  // pull_request.number, or workflow_run's first PR
  std::string head_sha = {};                 // pull_request.head.sha or workflow_run.head_sha
  std::string base_sha = {};                 // pull_request.base.sha when present
};

// InvalidArgument when the text is not JSON or the payload names no head commit.
core::Result<PullRequestEvent> ParsePullRequestEvent(const std::string& json_text);
core::Result<PullRequestEvent> ReadPullRequestEvent(const std::filesystem::path& path);

}  // namespace nova::github
