#include "apps/agents/model_refactorer_agent.h"

#include <algorithm>

#include "analyzers/function_context.h"
#include "apps/agents/function_index.h"
#include "apps/agents/model_loop.h"
#include "apps/agents/slots.h"
#include "refactorer/model_rewrite.h"

namespace nova::app {

core::AgentContract ModelRefactorerAgent::Terms() {
  return {.consumes = {kCompileDbSlot, kReviewSlot},
          .produces = {kModelFixesSlot},
          .failure_modes =
              {"the model endpoint fails (after bounded retries) or does not answer in time",
               "a reply is not strict JSON of the rewrite schema",
               "an offline run meets a request its cassette has not recorded"},
          .on_failure = core::FailureScope::kOwnBranch};
}

namespace {

// One model-refactorer run: the state its loop over the chosen findings carries, so that asking
// for one function's rewrite is a function of its own rather than the body of Run.
class RewriteLoop : public ModelLoop {
 public:
  RewriteLoop(ModelSession& session, const ModelAgentSettings& settings, FunctionIndex& index,
              const core::StepContext& context, std::size_t total)
      : ModelLoop(session, context, "model-refactorer", "asked for", total),
        settings_(settings),
        index_(index) {}

  // Asks for a rewrite of the function holding `finding`; false when the run must stop.
  bool Rewrite(const core::Finding& finding) {
    auto functions = index_.FunctionsOf(finding.file);
    const analyzers::FunctionFacts* function =
        functions.ok() ? analyzers::FunctionAt(**functions, finding.line) : nullptr;
    if (function == nullptr) {
      output.notes.push_back("model-refactorer: " + RelativeTo(finding.file, settings_.root) + ":" +
                             std::to_string(finding.line) + " not rewritten: " +
                             (functions.ok() ? "no function definition holds the line"
                                             : functions.status().message()));
      return true;
    }
    if (std::find(rewritten_.begin(), rewritten_.end(), function->usr) != rewritten_.end()) {
      return true;
    }
    rewritten_.push_back(function->usr);
    auto excerpt = index_.Excerpt(*function);
    if (!excerpt.ok()) {
      failure = excerpt.status();
      return false;
    }
    refactorer::RewriteTarget target{
        function->file,         RelativeTo(function->file, settings_.root),
        function->name,         function->begin_line,
        function->begin_offset, function->end_offset,
        excerpt->code,          finding};
    return Ask(finding, *function, target);
  }

 private:
  // Sends `target` to the model and keeps its rewrite as a fix if the edit stays confined.
  bool Ask(const core::Finding& finding, const analyzers::FunctionFacts& function,
           const refactorer::RewriteTarget& target) {
    auto reply = Send(RequestFor(session_, "model-refactorer: " + function.name,
                                 refactorer::RewriteMessages(target),
                                 refactorer::RewriteReplySchema(), "nova_rewrite"),
                      asked_, "rewriting " + function.name);
    if (!reply) return false;
    ++asked_;
    auto parsed = refactorer::ParseRewriteReply(reply->content);
    if (!parsed.ok()) {
      failure = parsed.status().WithContext("the model's rewrite of " + function.name);
      return false;
    }
    auto edit = refactorer::ConfinedEdit(target, *parsed);
    if (!edit.ok()) {
      output.notes.push_back("model-refactorer: rejected the rewrite of " + function.name + ": " +
                             edit.status().message());
      return true;
    }
    core::Finding fixed = finding;
    fixed.rule = refactorer::ModelPatchRule(finding.rule);
    fixed.fix = {std::move(*edit)};
    fixed.details = ModelDetails(session_, "summary", parsed->summary);
    output.findings.push_back(std::move(fixed));
    return true;
  }

  const ModelAgentSettings& settings_;
  FunctionIndex& index_;
  int asked_ = 0;
  std::vector<std::string> rewritten_;  // a function rewritten once per run
};

}  // namespace

core::Outcome ModelRefactorerAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  auto review = board.Get<reviewer::Review>(kReviewSlot);
  if (!review.ok()) return core::Outcome::Failed(review.status());
  auto db = board.Get<analyzers::CompileDbLocation>(kCompileDbSlot);
  if (!db.ok()) return core::Outcome::Failed(db.status());
  std::vector<const core::Finding*> rewritable;
  for (const auto& reviewed : (*review)->findings) {
    const core::Finding& f = reviewed.finding;
    if (f.fix.empty() && refactorer::IsModelRewritable(f.rule)) rewritable.push_back(&f);
  }
  const std::vector<const core::Finding*> chosen =
      RankedByWeight(rewritable, session_.settings().refactor_functions);

  FunctionIndex index((*db)->path, settings_.overlay);
  RewriteLoop loop(session_, settings_, index, context, chosen.size());
  for (const core::Finding* finding : chosen) {
    if (context.hooks.Cancelled()) return core::Outcome::Failed(context.hooks.CancelReason());
    if (!loop.Rewrite(*finding)) break;
  }
  return loop.Finish(board, kModelFixesSlot, chosen.empty(),
                     "no function-size, cognitive-complexity or duplicate-code finding to "
                     "rewrite");
}

}  // namespace nova::app
