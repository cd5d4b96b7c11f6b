#include "apps/agents/model_agents.h"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "analyzers/function_context.h"
#include "apps/agents/slots.h"
#include "nova-core/file_io.h"
#include "refactorer/model_rewrite.h"
#include "reviewer/model_review.h"

namespace nova::app {
namespace {

using nlohmann::json;

// The function definitions of the units that compile each file, parsed once per run, with the
// files' base content.
class FunctionIndex {
 public:
  FunctionIndex(const std::filesystem::path& compile_commands,
                const std::map<std::string, std::string>& overlay)
      : overlay_(overlay) {
    auto units = analyzers::libclang::LoadCompileDatabase(compile_commands);
    if (units.ok())
      units_ = std::move(*units);
    else
      load_error_ = units.status();
  }

  // The functions of `file`'s unit; NotFound when no unit compiles it.
  core::Result<const std::vector<analyzers::FunctionFacts>*> FunctionsOf(const std::string& file) {
    NOVA_RETURN_IF_ERROR(load_error_);
    if (auto it = functions_.find(file); it != functions_.end()) return &it->second;
    for (const auto& unit : units_) {
      if (unit.file.string() != file) continue;
      NOVA_ASSIGN_OR_RETURN(std::vector<analyzers::FunctionFacts> list,
                            analyzers::ListFunctions(unit, overlay_));
      return &(functions_[file] = std::move(list));
    }
    return core::NotFoundError(file + ": no unit of the compile database compiles it");
  }

  core::Result<std::string> Content(const std::string& file) {
    if (auto it = overlay_.find(file); it != overlay_.end()) return it->second;
    if (auto it = contents_.find(file); it != contents_.end()) return it->second;
    NOVA_ASSIGN_OR_RETURN(std::string text, core::ReadWholeFile(file));
    return contents_[file] = std::move(text);
  }

  core::Result<reviewer::CodeExcerpt> Excerpt(const analyzers::FunctionFacts& f) {
    NOVA_ASSIGN_OR_RETURN(std::string text, Content(f.file));
    if (f.end_offset > text.size() || f.begin_offset > f.end_offset) {
      return core::InternalError(f.file + ": " + f.name + " lies outside the file");
    }
    return reviewer::CodeExcerpt{f.name, f.begin_line,
                                 text.substr(f.begin_offset, f.end_offset - f.begin_offset)};
  }

 private:
  const std::map<std::string, std::string>& overlay_;
  std::vector<analyzers::libclang::CompileCommand> units_;
  core::Status load_error_;
  std::map<std::string, std::vector<analyzers::FunctionFacts>> functions_;
  std::map<std::string, std::string> contents_;
};

// How large or complex a metric finding says its function is.
int Weight(const core::Finding& finding) {
  const json details = json::parse(finding.details, nullptr, false);
  if (!details.is_object()) return 0;
  for (const char* key : {"cognitive_complexity", "lines"}) {
    if (details.contains(key) && details[key].is_number_integer()) return details[key].get<int>();
  }
  return 0;
}

bool IsMetricRule(const std::string& rule) {
  return analyzers::CapabilitiesOf(rule).value_or(core::RuleCapabilities{}).metric;
}

std::string SubjectWords(const std::string& rule) {
  return std::string(
      analyzers::CapabilitiesOf(rule).value_or(core::RuleCapabilities{}).subject_words);
}

// One finding per function, largest first, then by place: those the model will see.
std::vector<const core::Finding*> RankedByWeight(const std::vector<const core::Finding*>& findings,
                                                 int limit) {
  std::vector<const core::Finding*> ranked = findings;
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const core::Finding* a, const core::Finding* b) {
                     const int wa = Weight(*a), wb = Weight(*b);
                     if (wa != wb) return wa > wb;
                     return core::FindingLess(*a, *b);
                   });
  std::vector<const core::Finding*> out;
  std::vector<std::pair<std::string, int>> seen;
  for (const core::Finding* f : ranked) {
    if (static_cast<int>(out.size()) >= limit) break;
    const std::pair<std::string, int> place{f->file, f->line};
    if (std::find(seen.begin(), seen.end(), place) != seen.end()) continue;
    seen.push_back(place);
    out.push_back(f);
  }
  return out;
}

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

std::string Relative(const std::string& file, const std::filesystem::path& root) {
  return std::filesystem::path(file).lexically_relative(root).generic_string();
}

// The budget ran out: the model work ends here, keeping what was done.
bool BudgetSpent(const core::Status& status) {
  return status.code() == core::StatusCode::kResourceExhausted;
}

core::model::ChatRequest RequestFor(const ModelSession& session, std::string purpose,
                                    std::vector<core::model::ChatMessage> messages, json schema,
                                    std::string schema_name) {
  core::model::ChatRequest request;
  request.model = session.settings().name;
  request.messages = std::move(messages);
  request.max_tokens = session.settings().max_output_tokens;
  request.schema = std::move(schema);
  request.schema_name = std::move(schema_name);
  request.response_format = session.settings().response_format;
  request.purpose = std::move(purpose);
  return request;
}

std::string ModelDetails(const ModelSession& session, const std::string& extra_key = "",
                         const std::string& extra_value = "") {
  json details = {{"source", "model"}, {"model", session.settings().name}};
  if (!extra_key.empty()) details[extra_key] = extra_value;
  return details.dump();
}

// The target the model-reviewer sends for the function holding `finding`.
core::Result<reviewer::ReviewTarget> ReviewTargetFor(
    const analyzers::FunctionFacts& function, const std::vector<analyzers::FunctionFacts>& all,
    const std::vector<core::Finding>& known, FunctionIndex& index,
    const ModelAgentSettings& settings, int context_functions) {
  reviewer::ReviewTarget target;
  target.file = Relative(function.file, settings.root);
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

const core::AgentContract& ModelReviewerAgent::ContractOf() {
  static const core::AgentContract kContract{
      kName,
      kRole,
      {kCompileDbSlot, kAnalysisSlot},
      {kModelReviewSlot},
      {"the model endpoint fails (after bounded retries) or does not answer in time",
       "a reply is not strict JSON of the comment schema",
       "an offline run meets a request its cassette has not recorded"},
      core::FailureScope::kOwnBranch};
  return kContract;
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
    picks.push_back({f->file, f->line, Weight(*f)});
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

// Whether `status` ended the model work for lack of budget; if so, a note says how far it got.
// Both agents stop the same way, so the note is worded once.
bool NoteBudgetStop(const core::Status& status, const std::string& agent, int done,
                    std::size_t total, const std::string& done_what,
                    std::vector<std::string>& notes) {
  if (status.ok() || !BudgetSpent(status)) return false;
  notes.push_back(agent + ": stopped: " + status.message() + "; " + std::to_string(done) + " of " +
                  std::to_string(total) + " function(s) " + done_what);
  return true;
}

// What both model agents' loops share: the session, the output, the first failure, how a reply
// is sorted into budget stop, failure or answer, and how the run closes.
class ModelLoop {
 public:
  // The close: a failure note and Failed, else Declined when nothing was chosen, else Ok; the
  // output goes on the board either way, so work done before a failure stays.
  core::Outcome Finish(core::Blackboard& board, const char* slot, bool none_chosen,
                       const std::string& declined_reason) {
    if (!failure.ok()) {
      output.notes.push_back(agent_ + ": failed: " + failure.ToString());
      board.Put(slot, std::move(output));
      return core::Outcome::Failed(failure);
    }
    board.Put(slot, std::move(output));
    if (none_chosen) return core::Outcome::Declined(declined_reason);
    return core::Outcome::Ok();
  }

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
                                             const std::string& doing) {
    auto reply = session_.client().Complete(request, context_.hooks);
    if (NoteBudgetStop(reply.status(), agent_, done, total_, done_what_, output.notes)) {
      return std::nullopt;
    }
    if (!reply.ok()) {
      failure = reply.status().WithContext(doing);
      return std::nullopt;
    }
    return std::move(*reply);
  }

  ModelSession& session_;
  const core::StepContext& context_;

 private:
  std::string agent_;
  std::string done_what_;
  std::size_t total_;
};

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
      output.notes.push_back("model-reviewer: " + Relative(pick.file, settings_.root) + ":" +
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

const core::AgentContract& ModelRefactorerAgent::ContractOf() {
  static const core::AgentContract kContract{
      kName,
      kRole,
      {kCompileDbSlot, kReviewSlot},
      {kModelFixesSlot},
      {"the model endpoint fails (after bounded retries) or does not answer in time",
       "a reply is not strict JSON of the rewrite schema",
       "an offline run meets a request its cassette has not recorded"},
      core::FailureScope::kOwnBranch};
  return kContract;
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
      output.notes.push_back("model-refactorer: " + Relative(finding.file, settings_.root) + ":" +
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
        function->file,         Relative(function->file, settings_.root),
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
