// The model-reviewer: optional, in a plan only when `.nova.json` configures a model. It asks the
// model about the largest and most complex functions (in pr-review, the changed ones) and hands
// its accepted comments to the reviewer (rule model-review, marked as model output). It stops
// cleanly when the run's model budget is spent. Not thread-safe; one instance per run.
#pragma once

#include <string_view>

#include "apps/agents/model_agent.h"
#include "nova-core/agent.h"

namespace nova::app {

class ModelReviewerAgent final : public ModelAgent<ModelReviewerAgent> {
 public:
  using ModelAgent::ModelAgent;
  static constexpr std::string_view kName = "model-reviewer";
  static constexpr std::string_view kRole =
      "Optional (a model is configured): asks the model to review the largest and most complex "
      "functions (in pr-review, the changed ones), with callers, callees and known findings as "
      "quoted data; keeps comments on the function's lines that repeat no rule finding.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;
};

}  // namespace nova::app
