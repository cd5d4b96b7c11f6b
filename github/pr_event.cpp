#include "github/pr_event.h"

#include <nlohmann/json.hpp>

#include "nova-core/file_io.h"
#include "nova-core/json_parse.h"

namespace nova::github {

core::Result<PullRequestEvent> ParsePullRequestEvent(const std::string& json_text) {
  PullRequestEvent event;
  NOVA_ASSIGN_OR_RETURN(const nlohmann::json payload, core::ParseJson(json_text, "event payload"));
  try {
    if (payload.contains("pull_request") && payload["pull_request"].is_object()) {
      const nlohmann::json& pull = payload["pull_request"];
      event.number = pull.at("number").get<int>();
      event.head_sha = pull.at("head").at("sha").get<std::string>();
      event.base_sha = pull.at("base").at("sha").get<std::string>();
    } else if (payload.contains("workflow_run") && payload["workflow_run"].is_object()) {
      const nlohmann::json& run = payload["workflow_run"];
      event.head_sha = run.at("head_sha").get<std::string>();
      // Empty for pull requests from forks: the number then comes from --pull.
      if (run.contains("pull_requests") && run["pull_requests"].is_array() &&
          !run["pull_requests"].empty()) {
        event.number = run["pull_requests"][0].at("number").get<int>();
      }
    } else {
      return core::InvalidArgumentError("neither a pull_request nor a workflow_run event");
    }
  } catch (const nlohmann::json::exception& e) {
    return core::InvalidArgumentError(std::string("unreadable event payload: ") + e.what());
  }
  return event;
}

core::Result<PullRequestEvent> ReadPullRequestEvent(const std::filesystem::path& path) {
  auto text = core::ReadWholeFile(path);
  if (!text.ok()) return text.status();
  auto event = ParsePullRequestEvent(*text);
  if (!event.ok()) return event.status().WithContext(path.string());
  return event;
}

}  // namespace nova::github
