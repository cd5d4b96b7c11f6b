// The model-refactorer: optional, in a plan only when `.nova.json` configures a model. It asks
// the model for replacements of functions no mechanical fix covers and hands them to the
// refactorer as edits confined to those functions, proven like every patch. It stops cleanly
// when the run's model budget is spent. Not thread-safe; one instance per run.
#pragma once

#include <string_view>

#include "apps/agents/model_agent.h"
#include "nova-core/agent.h"

namespace nova::app {

class ModelRefactorerAgent final : public ModelAgent<ModelRefactorerAgent> {
 public:
  using ModelAgent::ModelAgent;
  static constexpr std::string_view kName = "model-refactorer";
  static constexpr std::string_view kRole =
      "Optional (a model is configured): asks the model to rewrite functions that function-size, "
      "cognitive-complexity or duplicate-code flag; a rewrite confined to those functions goes "
      "to the refactorer as a nova/model/<rule>/<id> patch, proven like every patch.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;
};

}  // namespace nova::app
