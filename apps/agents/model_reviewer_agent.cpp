#include "apps/agents/model_reviewer_agent.h"

#include <algorithm>
#include <optional>

#include "analyzers/function_context.h"
#include "analyzers/rule_selection.h"
#include "apps/agents/function_index.h"
#include "apps/agents/model_loop.h"
#include "apps/agents/slots.h"
#include "reviewer/model_review.h"

namespace nova::app {
namespace {

std::string LineText(const std::string& content, int line) {
  std::size_t begin = 0;
  for (int i = 1; i < line && begin != std::string::npos; ++i) {
    begin = content.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  if (begin == std::string::npos || begin >= content.size()) return "";
  std::string text = content.substr(begin, content.find('\n', begin) - begin);
  const auto first = text.find_first_not_of(" \t");
  return first == std::string::npos ? "" : text.substr(first);
}

// The words the reviewer's prompt uses for what a rule's finding is about ("size", "complexity").
std::string SubjectWords(const std::string& rule) {
  return std::string(
      analyzers::CapabilitiesOf(rule).value_or(core::RuleCapabilities{}).subject_words);
}

// The target the model-reviewer sends for the function holding `finding`.
core::Result<reviewer::ReviewTarget> ReviewTargetFor(
    const analyzers::FunctionFacts& function, const std::vector<analyzers::FunctionFacts>& all,
    const std::vector<core::Finding>& known, FunctionIndex& index,
    const ModelAgentSettings& settings, int context_functions) {
  reviewer::ReviewTarget target;
  target.file = RelativeTo(function.file, settings.root);
  NOVA_ASSIGN_OR_RETURN(target.function, index.Excerpt(function));
  target.last_line = function.end_line;
  for (const analyzers::FunctionFacts* caller :
       analyzers::CallersOf(all, function, context_functions)) {
    NOVA_ASSIGN_OR_RETURN(reviewer::CodeExcerpt excerpt, index.Excerpt(*caller));
    target.callers.push_back(std::move(excerpt));
  }
  for (const analyzers::FunctionFacts* callee :
       analyzers::CalleesOf(all, function, context_functions)) {
    NOVA_ASSIGN_OR_RETURN(reviewer::CodeExcerpt excerpt, index.Excerpt(*callee));
    target.callees.push_back(std::move(excerpt));
  }
  for (const core::Finding& f : known) {
    if (f.file == function.file && f.line >= function.begin_line && f.line <= function.end_line) {
      target.findings.push_back({f.line, f.rule, f.message, SubjectWords(f.rule)});
    }
  }
  return target;
}

}  // namespace

core::AgentContract ModelReviewerAgent::Terms() {
  return {.consumes = {kCompileDbSlot, kAnalysisSlot},
          .produces = {kModelReviewSlot},
          .failure_modes =
              {"the model endpoint fails (after bounded retries) or does not answer in time",
               "a reply is not strict JSON of the comment schema",
               "an offline run meets a request its cassette has not recorded"},
          .on_failure = core::FailureScope::kOwnBranch};
}

namespace {

// A function the model-reviewer will show the model: a line inside it, and how large it is.
struct ReviewPick {
  std::string file;  // absolute, canonical
  int line = 0;
  int weight = 0;
};

// nova review: the functions the metric rules flag, largest and most complex first.
std::vector<ReviewPick> PicksFromFindings(const std::vector<core::Finding>& known, int limit) {
  std::vector<const core::Finding*> metric;
  for (const core::Finding& f : known) {
    if (IsMetricRule(f.rule)) metric.push_back(&f);
  }
  std::vector<ReviewPick> picks;
  for (const core::Finding* f : RankedByWeight(metric, limit)) {
    picks.push_back({f->file, f->line, MetricWeight(*f)});
  }
  return picks;
}

// nova pr-review: the functions the pull request's added lines touch, largest first.
std::vector<ReviewPick> PicksFromChanges(const core::git::ChangedLines& changed,
                                         const std::filesystem::path& repo_root,
                                         FunctionIndex& index, int limit,
                                         std::vector<std::string>& notes) {
  std::vector<ReviewPick> picks;
  int uncompiled = 0;
  for (const std::string& relative : changed.Files()) {
    std::error_code ec;
    const std::string file = std::filesystem::weakly_canonical(repo_root / relative, ec).string();
    auto functions = index.FunctionsOf(file);
    if (!functions.ok()) {
      ++uncompiled;
      continue;
    }
    for (const analyzers::FunctionFacts& f : **functions) {
      if (changed.Intersects(relative, f.begin_line, f.end_line)) {
        picks.push_back({f.file, f.begin_line, f.end_line - f.begin_line + 1});
      }
    }
  }
  if (uncompiled > 0) {
    notes.push_back("model-reviewer: " + std::to_string(uncompiled) +
                    " changed file(s) not reviewed: no unit of the compile database compiles them");
  }
  std::stable_sort(picks.begin(), picks.end(),
                   [](const ReviewPick& a, const ReviewPick& b) { return a.weight > b.weight; });
  if (static_cast<int>(picks.size()) > limit) picks.resize(static_cast<std::size_t>(limit));
  return picks;
}

// The findings the model's accepted comments about `function` become.
void AppendCommentFindings(const std::vector<reviewer::ModelComment>& accepted,
                           const analyzers::FunctionFacts& function, FunctionIndex& index,
                           const ModelSession& session, std::vector<core::Finding>& out) {
  auto content = index.Content(function.file);
  for (const reviewer::ModelComment& comment : accepted) {
    core::Finding f;
    f.rule = reviewer::kModelReviewRule;
    f.severity = comment.severity;
    f.file = function.file;
    f.line = f.end_line = comment.line;
    f.column = f.end_column = 1;
    f.message = comment.message;
    f.snippet = content.ok() ? LineText(*content, comment.line) : "";
    f.symbol = function.name;
    f.details = ModelDetails(session);
    out.push_back(std::move(f));
  }
}

// One model-reviewer run: the state its loop over the picks carries, so that reviewing one
// function is a function of its own rather than the body of Run.
class ReviewLoop : public ModelLoop {
 public:
  ReviewLoop(ModelSession& session, const ModelAgentSettings& settings, FunctionIndex& index,
             const std::vector<core::Finding>& known, const core::StepContext& context,
             std::size_t total)
      : ModelLoop(session, context, "model-reviewer", "reviewed", total),
        settings_(settings),
        index_(index),
        known_(known) {}

  // Reviews the function at `pick`; false when the run must stop (budget spent or failure).
  bool Review(const ReviewPick& pick) {
    auto functions = index_.FunctionsOf(pick.file);
    if (!functions.ok()) {
      output.notes.push_back("model-reviewer: " + RelativeTo(pick.file, settings_.root) + ":" +
                             std::to_string(pick.line) +
                             " not reviewed: " + functions.status().message());
      return true;
    }
    const analyzers::FunctionFacts* function = analyzers::FunctionAt(**functions, pick.line);
    if (function == nullptr) return true;  // a header's function: no unit has it as main file
    auto target = ReviewTargetFor(*function, **functions, known_, index_, settings_,
                                  session_.settings().context_functions);
    if (!target.ok()) {
      failure = target.status();
      return false;
    }
    return Ask(*function, *target);
  }

  // The closing note on the comments the filter dropped, if any.
  void NoteDropped() {
    if (outside_ + repeats_ == 0) return;
    output.notes.push_back("model-reviewer: dropped " + std::to_string(outside_) +
                           " comment(s) outside their function and " + std::to_string(repeats_) +
                           " repeating a rule finding");
  }

 private:
  // Sends `target` to the model and keeps the comments the filter accepts.
  bool Ask(const analyzers::FunctionFacts& function, const reviewer::ReviewTarget& target) {
    auto reply = Send(
        RequestFor(session_, "model-reviewer: " + function.name, reviewer::ReviewMessages(target),
                   reviewer::ReviewReplySchema(), "nova_review"),
        reviewed_, "reviewing " + function.name);
    if (!reply) return false;
    auto comments = reviewer::ParseReviewReply(reply->content);
    if (!comments.ok()) {
      failure = comments.status().WithContext("the model's reply about " + function.name);
      return false;
    }
    ++reviewed_;
    reviewer::FilteredComments kept = reviewer::FilterComments(std::move(*comments), target);
    outside_ += kept.outside_function;
    repeats_ += kept.repeats_rule;
    AppendCommentFindings(kept.accepted, function, index_, session_, output.findings);
    return true;
  }

  const ModelAgentSettings& settings_;
  FunctionIndex& index_;
  const std::vector<core::Finding>& known_;
  int reviewed_ = 0;
  int outside_ = 0;
  int repeats_ = 0;
};

}  // namespace

core::Outcome ModelReviewerAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  auto analysis = board.Get<analyzers::AnalysisResult>(kAnalysisSlot);
  if (!analysis.ok()) return core::Outcome::Failed(analysis.status());
  auto db = board.Get<analyzers::CompileDbLocation>(kCompileDbSlot);
  if (!db.ok()) return core::Outcome::Failed(db.status());
  const std::vector<core::Finding>& known = (*analysis)->findings;
  const int limit = session_.settings().review_functions;
  FunctionIndex index((*db)->path, settings_.overlay);
  std::vector<std::string> pick_notes;
  const std::vector<ReviewPick> chosen =
      settings_.changed
          ? PicksFromChanges(*settings_.changed, settings_.repo_root, index, limit, pick_notes)
          : PicksFromFindings(known, limit);

  ReviewLoop loop(session_, settings_, index, known, context, chosen.size());
  loop.output.notes = std::move(pick_notes);
  for (const ReviewPick& pick : chosen) {
    if (context.hooks.Cancelled()) return core::Outcome::Failed(context.hooks.CancelReason());
    if (!loop.Review(pick)) break;
  }
  loop.NoteDropped();
  return loop.Finish(board, kModelReviewSlot, chosen.empty(),
                     settings_.changed ? "the pull request changes no function definition"
                                       : "no function-size or cognitive-complexity finding "
                                         "names a function to review");
}

}  // namespace nova::app
