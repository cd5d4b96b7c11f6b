#include "analyzers/analyzer.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <tuple>

#include "analyzers/cache/build_identity.h"
#include "analyzers/cache/tu_cache.h"
#include "analyzers/fact_check.h"
#include "analyzers/header_claims.h"
#include "analyzers/libclang/compile_db.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/path_filter.h"
#include "analyzers/rule_selection.h"
#include "analyzers/tu_selection.h"
#include "analyzers/unit_analysis.h"
#include "nova-core/worker_pool.h"
#include "nova-core/paths.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;

// Everything besides a TU's own inputs and the build (BuildIdentity) that can change its findings.
std::string ConfigDigest(const AnalyzeOptions& options, const std::vector<std::string>& ids,
                         const fs::path& root) {
  std::vector<std::string> sorted_ids = ids;
  std::sort(sorted_ids.begin(), sorted_ids.end());
  nlohmann::json config = {{"rules", sorted_ids},
                           {"rule_options", options.rule_options},
                           {"exclude", options.exclude},
                           {"project_root", root.string()}};
  return config.dump();
}

core::Status ValidateShard(const AnalyzeOptions& options) {
  if (options.shard_count == 0) return core::Status::Ok();
  if (options.shard_count < 0 || options.shard_index < 1 ||
      options.shard_index > options.shard_count) {
    return core::InvalidArgumentError("shard " + std::to_string(options.shard_index) + "/" +
                                      std::to_string(options.shard_count) +
                                      ": expected K/N with 1 <= K <= N");
  }
  return core::Status::Ok();
}

// Serializes progress callbacks from the workers.
class ProgressReporter {
 public:
  ProgressReporter(const std::function<void(const AnalysisProgress&)>& callback, int total)
      : callback_(callback), total_(total) {}

  void Done(const fs::path& file) {
    if (!callback_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    callback_(AnalysisProgress{++done_, total_, file.string()});
  }

 private:
  const std::function<void(const AnalysisProgress&)>& callback_;
  const int total_;
  std::mutex mutex_;
  int done_ = 0;  // guarded by mutex_
};

using FactsByRule = std::map<std::string, nlohmann::json>;

// A selected TU through the phases of a run.
struct TuSlot {
  const libclang::CompileCommand* command = nullptr;
  bool hit = false;  // outcome came from the cache
  UnitOutcome outcome;
  // Why a cached record was not used and the unit was analyzed again (its facts were
  // malformed); "" when it was not refused.
  std::string refused_record;
};

// One call of Analyze(): the selected TUs, the shared claims and cache, and the phases.
class Run {
 public:
  Run(const AnalyzeOptions& options, std::vector<std::string> rule_ids, const PathFilter& filter,
      std::vector<const libclang::CompileCommand*> selected)
      : options_(options),
        rule_ids_(std::move(rule_ids)),
        filter_(filter),
        jobs_(core::ResolveJobs(options.jobs)),
        progress_(options.on_progress, static_cast<int>(selected.size())) {
    for (const libclang::CompileCommand* command : selected) {
      slots_.emplace_back();
      slots_.back().command = command;
    }
  }

  // Phase 0: the cache to use, or null for none.
  void UseCache(std::unique_ptr<TuCache> cache) { cache_ = std::move(cache); }
  // Phase 1: cached results still fresh and with well-formed facts; their headers stay claimed
  // by them. A record with a malformed fact is refused: its unit is parsed again, and noted.
  core::Status LookupCached();
  // Phase 2: parses every TU without a fresh cached result.
  core::Status ParseMisses();
  // Phase 3: a project header that cached TUs read but nobody claimed this run (its old owner
  // changed, left the compile database or the selection) is walked again: one includer is
  // re-parsed for it.
  core::Status ReparseOrphanIncluders();
  // Adds the outcomes, in file order, to `result`.
  void Collect(AnalysisResult& result);
  // Phase 4: each enabled rule's project pass over the facts of every TU parsed or found in the
  // cache, plus `skipped` (the facts of TUs --since left out, whose records are fresh). Cached
  // and skipped facts were checked before; a parse that recorded a malformed fact (a bug in the
  // rule) keeps that rule's pass from running, as a problem naming the unit.
  void AnalyzeProject(const std::vector<FactsByRule>& skipped, AnalysisResult& result);

 private:
  core::Status Parse(const std::vector<std::size_t>& todo, bool report_progress);
  UnitEnvironment Environment() { return {&filter_, &options_.overlay, &claims_, cache_.get()}; }

  const AnalyzeOptions& options_;
  const std::vector<std::string> rule_ids_;
  const PathFilter& filter_;
  const int jobs_;
  ProgressReporter progress_;
  HeaderClaims claims_;
  std::unique_ptr<TuCache> cache_;
  std::vector<TuSlot> slots_;  // largest first; each worker writes only the slots it took
};

// Opens the cache when asked; a failure becomes a note and the run goes on uncached.
std::unique_ptr<TuCache> OpenCache(const AnalyzeOptions& options, const std::vector<std::string>& ids,
                                   const fs::path& root, std::vector<std::string>& notes) {
  if (options.cache_dir.empty()) return nullptr;
  auto cache = TuCache::Open(options.cache_dir, BuildIdentity(), ConfigDigest(options, ids, root),
                             options.overlay);
  if (!cache.ok()) {
    notes.push_back("cache disabled: " + cache.status().message());
    return nullptr;
  }
  return std::move(*cache);
}

core::Status Run::LookupCached() {
  if (cache_ == nullptr) return core::Status::Ok();
  NOVA_RETURN_IF_ERROR(core::RunWorkers(jobs_, slots_.size(), [this]() -> core::WorkerTask {
    auto rules = CreateRules(rule_ids_, options_.rule_options);
    NOVA_CHECK(rules.ok());  // the same options were validated before any worker started
    auto worker_rules = std::make_shared<std::vector<std::unique_ptr<Rule>>>(std::move(*rules));
    return [this, worker_rules](std::size_t item) {
      TuSlot& slot = slots_[item];
      std::optional<TuRecord> record = cache_->Lookup(*slot.command);
      if (!record) return;
      if (std::optional<std::string> malformed =
              FirstMalformedFact(rule_ids_, *worker_rules, record->facts)) {
        slot.refused_record = *malformed;
        return;
      }
      slot.hit = true;
      slot.outcome.parsed = true;
      slot.outcome.record = std::move(*record);
      progress_.Done(slot.command->file);
    };
  }));
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i].hit) continue;
    const HeaderLanguage language = ClaimLanguage(*slots_[i].command);
    for (const std::string& header : slots_[i].outcome.record.claimed_headers) {
      claims_.Claim(header, language, static_cast<int>(i));
    }
  }
  return core::Status::Ok();
}

core::Status Run::Parse(const std::vector<std::size_t>& todo, bool report_progress) {
  return core::RunWorkers(jobs_, todo.size(), [this, &todo, report_progress]() -> core::WorkerTask {
    // Made on the worker's own thread; destroyed there when the worker runs out of items.
    auto index = std::make_shared<libclang::IndexHandle>(libclang::CreateIndex());
    auto rules = CreateRules(rule_ids_, options_.rule_options);
    NOVA_CHECK(rules.ok());  // the same options were validated before any worker started
    auto worker_rules = std::make_shared<std::vector<std::unique_ptr<Rule>>>(std::move(*rules));
    return [this, &todo, report_progress, index, worker_rules](std::size_t item) {
      if (options_.cancel != nullptr && options_.cancel->cancelled()) return;
      TuSlot& slot = slots_[todo[item]];
      if (options_.start_units_until &&
          std::chrono::steady_clock::now() >= *options_.start_units_until) {
        // A cached record stays valid; only a unit with no result at all is reported skipped.
        if (!slot.hit) {
          UnitOutcome skipped;
          skipped.problem = "not analyzed: " + options_.stop_reason;
          slot.outcome = std::move(skipped);
        }
        if (report_progress) progress_.Done(slot.command->file);
        return;
      }
      slot.outcome = AnalyzeUnit(index->get(), *worker_rules, *slot.command,
                                 static_cast<int>(todo[item]), Environment());
      slot.hit = false;
      if (report_progress) progress_.Done(slot.command->file);
    };
  });
}

core::Status Run::ParseMisses() {
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i].hit) todo.push_back(i);
  }
  return Parse(todo, /*report_progress=*/true);
}

core::Status Run::ReparseOrphanIncluders() {
  if (cache_ == nullptr) return core::Status::Ok();
  std::set<std::string> main_files;  // walked by their own TU, never claimed as headers
  for (const TuSlot& slot : slots_) main_files.insert(slot.command->file.string());
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i].hit) continue;
    bool chosen = false;
    const HeaderLanguage language = ClaimLanguage(*slots_[i].command);
    for (const auto& [file, hash] : slots_[i].outcome.record.inputs) {
      if (main_files.count(file) > 0 || !filter_.Reportable(file) ||
          claims_.IsClaimed(file, language)) {
        continue;
      }
      chosen |= claims_.Claim(file, language, static_cast<int>(i));
    }
    if (chosen) todo.push_back(i);
  }
  return Parse(todo, /*report_progress=*/false);
}

void Run::Collect(AnalysisResult& result) {
  std::vector<const TuSlot*> ordered;
  for (const TuSlot& slot : slots_) ordered.push_back(&slot);
  std::sort(ordered.begin(), ordered.end(), [](const TuSlot* a, const TuSlot* b) {
    return a->command->file < b->command->file;
  });
  for (const TuSlot* slot : ordered) {
    const std::string file = slot->command->file.string();
    if (!slot->refused_record.empty()) {
      result.notes.push_back(core::PathBelowRoot(slot->command->file, filter_.root()) +
                             ": analyzed again: a cached fact was malformed (" +
                             slot->refused_record + ")");
    }
    for (const std::string& note : slot->outcome.notes) {
      result.notes.push_back(core::PathBelowRoot(slot->command->file, filter_.root()) + ": " + note);
    }
    if (!slot->outcome.parsed) {
      result.problems.push_back({file, slot->outcome.problem});
      continue;
    }
    ++result.translation_units;
    ++(slot->hit ? result.cache_hits : result.parsed);
    const TuRecord& record = slot->outcome.record;
    if (record.error_count > 0) {
      ++result.parsed_with_errors;
      result.problems.push_back({file, std::to_string(record.error_count) +
                                           " error(s), first: " + record.first_error});
    }
    result.findings.insert(result.findings.end(), record.findings.begin(), record.findings.end());
  }
}

// False, with a problem naming the unit, when a unit parsed this run recorded a fact of rule
// `id` that the rule itself rejects (a bug in the rule's walk): its project pass cannot run on
// facts that are not all there.
bool FreshFactsWellFormed(const std::vector<const TuSlot*>& slots, const std::string& id,
                          const Rule& rule, AnalysisResult& result) {
  for (const TuSlot* slot : slots) {
    if (slot->hit) continue;  // checked when read from the cache
    auto it = slot->outcome.record.facts.find(id);
    if (it == slot->outcome.record.facts.end()) continue;
    if (std::optional<std::string> malformed = FirstMalformedFact(rule, it->second)) {
      result.problems.push_back({slot->command->file.string(),
                                 "rule '" + id + "' recorded a malformed fact (" + *malformed +
                                     "); its project pass did not run"});
      return false;
    }
  }
  return true;
}

void Run::AnalyzeProject(const std::vector<FactsByRule>& skipped, AnalysisResult& result) {
  std::vector<const TuSlot*> ordered;
  for (const TuSlot& slot : slots_) {
    if (slot.outcome.parsed) ordered.push_back(&slot);
  }
  std::sort(ordered.begin(), ordered.end(), [](const TuSlot* a, const TuSlot* b) {
    return a->command->file < b->command->file;
  });
  auto rules = CreateRules(rule_ids_, options_.rule_options);
  NOVA_CHECK(rules.ok());  // the same options were validated before the run
  for (std::size_t r = 0; r < rule_ids_.size(); ++r) {
    if (!FreshFactsWellFormed(ordered, rule_ids_[r], *(*rules)[r], result)) continue;
    Rule::ProjectFacts facts;
    facts.root = filter_.root();
    if (cache_ != nullptr) facts.cache_dir = cache_->dir();
    auto add = [&](const FactsByRule& by_rule) {
      auto it = by_rule.find(rule_ids_[r]);
      if (it != by_rule.end()) facts.units.push_back(&it->second);
    };
    for (const TuSlot* slot : ordered) add(slot->outcome.record.facts);
    for (const FactsByRule& by_rule : skipped) add(by_rule);
    (*rules)[r]->AnalyzeProject(facts, result.findings);
    for (Rule::ProjectProblem& problem : (*rules)[r]->TakeProjectProblems()) {
      result.problems.push_back({std::move(problem.file), std::move(problem.message)});
    }
    for (const Rule::ProjectProblem& note : (*rules)[r]->TakeProjectNotes()) {
      result.notes.push_back(core::PathBelowRoot(note.file, filter_.root()) + ": " + note.message);
    }
  }
}

// The TUs this run analyzes, largest first; files that do not exist become problems, files
// listed twice become notes.
std::vector<const libclang::CompileCommand*> SelectUnits(
    const AnalyzeOptions& options, const PathFilter& filter,
    const std::vector<libclang::CompileCommand>& commands,
    const std::vector<libclang::DuplicateFile>& duplicates, AnalysisResult& result) {
  std::set<fs::path> only;
  for (const std::string& file : options.only_files) only.insert(core::CanonicalOrNormal(file));
  auto wanted = [&](const fs::path& file) {
    return (only.empty() || only.count(file) > 0) &&
           InShard(file, filter.root(), options.shard_index, options.shard_count);
  };
  std::vector<const libclang::CompileCommand*> selected;
  for (const libclang::CompileCommand& command : commands) {
    if (!wanted(command.file)) continue;
    std::error_code error;
    if (options.overlay.count(command.file.string()) == 0 &&
        !fs::is_regular_file(command.file, error)) {
      result.problems.push_back({command.file.string(), "file does not exist"});
      continue;
    }
    selected.push_back(&command);
  }
  for (const libclang::DuplicateFile& duplicate : duplicates) {
    if (!wanted(duplicate.file)) continue;
    result.notes.push_back(core::PathBelowRoot(duplicate.file, filter.root()) + ": compiled " +
                           std::to_string(duplicate.entries) +
                           " times in the compile database; analyzed with the first command");
  }
  OrderLargestFirst(selected, options.overlay);
  return selected;
}

// With --since: drops the TUs whose cached record proves they read no changed file. A record is
// proof only while every input it lists is unchanged and its facts are well-formed; otherwise
// the TU is analyzed.
// The dropped TUs' facts go to `skipped_facts`, so project passes still see the whole project.
void KeepUnitsReadingChangedFiles(const AnalyzeOptions& options,
                                  const std::vector<std::string>& rule_ids, TuCache* cache,
                                  std::vector<const libclang::CompileCommand*>& selected,
                                  std::vector<FactsByRule>& skipped_facts, AnalysisResult& result) {
  if (!options.changed_files || cache == nullptr) return;
  auto rules = CreateRules(rule_ids, options.rule_options);
  NOVA_CHECK(rules.ok());  // the same options were validated before
  std::set<std::string> changed;
  for (const std::string& file : *options.changed_files) changed.insert(core::CanonicalOrNormal(file).string());
  std::size_t skipped = 0;
  std::erase_if(selected, [&](const libclang::CompileCommand* command) {
    if (changed.count(command->file.string()) > 0) return false;
    std::optional<TuRecord> record = cache->Peek(*command);
    if (!record) return false;
    for (const auto& [path, hash] : record->inputs) {
      if (changed.count(path) > 0) return false;
      auto now = cache->HashFile(path);
      if (!now.ok() || *now != hash) return false;
    }
    // Malformed facts cannot stand in for the unit: it is looked up, refused and parsed again.
    if (FirstMalformedFact(rule_ids, *rules, record->facts)) return false;
    ++skipped;
    if (!record->facts.empty()) skipped_facts.push_back(std::move(record->facts));
    return true;
  });
  if (skipped > 0) {
    result.notes.push_back("--since: " + std::to_string(skipped) +
                           " translation unit(s) skipped: they read no file changed since the "
                           "revision");
  }
}

}  // namespace

core::Result<AnalysisResult> Analyze(const AnalyzeOptions& options) {
  NOVA_RETURN_IF_ERROR(ValidateRuleOptions(options.rule_options));
  NOVA_ASSIGN_OR_RETURN(std::vector<std::string> rule_ids,
                        EnabledRuleIds(options.rules, options.rule_options));
  NOVA_RETURN_IF_ERROR(CreateRules(rule_ids, options.rule_options).status());
  NOVA_RETURN_IF_ERROR(ValidateShard(options));
  std::vector<libclang::DuplicateFile> duplicates;
  NOVA_ASSIGN_OR_RETURN(std::vector<libclang::CompileCommand> commands,
                        libclang::LoadCompileDatabase(options.compile_commands, &duplicates));
  PathFilter filter(fs::absolute(options.project_root), options.exclude);

  AnalysisResult result;
  std::vector<const libclang::CompileCommand*> selected =
      SelectUnits(options, filter, commands, duplicates, result);
  // One cache for the run, so each file's content is hashed once.
  std::unique_ptr<TuCache> cache = OpenCache(options, rule_ids, filter.root(), result.notes);
  std::vector<FactsByRule> skipped_facts;
  KeepUnitsReadingChangedFiles(options, rule_ids, cache.get(), selected, skipped_facts, result);
  Run run(options, rule_ids, filter, std::move(selected));
  run.UseCache(std::move(cache));
  NOVA_RETURN_IF_ERROR(run.LookupCached());
  NOVA_RETURN_IF_ERROR(run.ParseMisses());
  NOVA_RETURN_IF_ERROR(run.ReparseOrphanIncluders());
  // A cancelled run skipped TUs: its result would look complete and is not.
  if (options.cancel != nullptr && options.cancel->cancelled()) return options.cancel->reason();
  run.Collect(result);
  run.AnalyzeProject(skipped_facts, result);

  SortAndDeduplicate(result.findings);
  std::sort(result.problems.begin(), result.problems.end(),
            [](const TuProblem& a, const TuProblem& b) {
              return std::tie(a.file, a.message) < std::tie(b.file, b.message);
            });
  return result;
}

std::string ParserVersion() { return libclang::TakeString(clang_getClangVersion()); }

}  // namespace nova::analyzers
