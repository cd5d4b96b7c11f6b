// ModelLoop: what both model agents' loops share: the session, the output, the first failure,
// how a reply is sorted into budget stop, failure or answer, and how the run closes; plus the
// request and the finding details every model call and model finding carry. Not thread-safe;
// one loop per agent run.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/agents/model_agents.h"
#include "apps/model_session.h"
#include "nova-core/agent.h"

namespace nova::app {

// `file` relative to `root`, with forward slashes, as the model agents' notes name it.
std::string RelativeTo(const std::string& file, const std::filesystem::path& root);

// A chat request under the session's model settings.
core::model::ChatRequest RequestFor(const ModelSession& session, std::string purpose,
                                    std::vector<core::model::ChatMessage> messages,
                                    nlohmann::json schema, std::string schema_name);

// A model finding's `details`: its source and model, and one extra key when given.
std::string ModelDetails(const ModelSession& session, const std::string& extra_key = "",
                         const std::string& extra_value = "");

class ModelLoop {
 public:
  // The close: a failure note and Failed, else Declined when nothing was chosen, else Ok; the
  // output goes on the board either way, so work done before a failure stays.
  core::Outcome Finish(core::Blackboard& board, const char* slot, bool none_chosen,
                       const std::string& declined_reason);

  ModelOutput output;
  core::Status failure;

 protected:
  ModelLoop(ModelSession& session, const core::StepContext& context, std::string agent,
            std::string done_what, std::size_t total)
      : session_(session),
        context_(context),
        agent_(std::move(agent)),
        done_what_(std::move(done_what)),
        total_(total) {}

  // The model's reply to `request`, or nullopt when the run must stop: then a budget note or
  // `failure` (in the context `doing`) says why. `done` functions were answered before.
  std::optional<core::model::ChatReply> Send(const core::model::ChatRequest& request, int done,
                                             const std::string& doing);

  ModelSession& session_;
  const core::StepContext& context_;

 private:
  std::string agent_;
  std::string done_what_;
  std::size_t total_;
};

}  // namespace nova::app
