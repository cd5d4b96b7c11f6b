// Rule: the interface every analyzer rule implements, and RuleContext, what the engine offers a
// rule while it walks one translation unit (locations mapped to reportable files, the finding
// and fact sinks). A Rule instance and its context belong to one thread; rules may keep per-TU
// state and reset it in EndTranslationUnit(). Project-level rules also record facts; see
// Rule::AnalyzeProject for that contract.
#pragma once

#include <clang-c/Index.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/libclang/cursor_kinds.h"
#include "analyzers/libclang/enclosing_symbol.h"
#include "analyzers/path_filter.h"
#include "nova-core/finding.h"
#include "nova-core/rule_capabilities.h"
#include "nova-core/status.h"

namespace nova::analyzers {

struct RuleInfo {
  std::string id;           // "use-nullptr"
  std::string description;  // one sentence, as in the class comment and docs/rules.md
  core::RuleCapabilities capabilities;  // as declared on the rule's registry line
};

class Rule;

// A source range resolved to a reportable file; positions are 1-based, offsets 0-based bytes.
struct FileRange {
  std::string file;  // absolute, canonical
  unsigned line = 0;
  unsigned column = 0;
  unsigned offset = 0;
  unsigned end_line = 0;
  unsigned end_column = 0;
  unsigned end_offset = 0;
};

// A warning-severity finding of `rule` (its id) spanning `range`; the caller adds the fix.
core::Finding FindingAt(const Rule& rule, const FileRange& range, std::string message,
                        std::string snippet);

using libclang::IsFunctionKind;  // the function-declaring cursor kinds
// The direct children of `cursor`, in libclang's order.
std::vector<CXCursor> ChildrenOf(CXCursor cursor);
// A function's body: its CompoundStmt child, or the try statement of a function-try-block; a
// null cursor when it has none (a declaration, `= default`, `= delete`).
CXCursor FunctionBody(CXCursor function);

// True when `scope` or one of its semantic parents is a class template, a partial
// specialization or a function template (and, with `specializations`, an explicit
// specialization or instantiation): code there stands for instantiations the walk does not see,
// and its bases may be dependent. Looks at most 64 scopes up.
bool InTemplateScope(CXCursor scope, bool specializations);

class RuleContext {
 public:
  // `compiles_as_c`: the TU's compile command compiles it as C or Objective-C.
  // `facts`: rule id -> JSON array, where AddFact appends.
  RuleContext(CXTranslationUnit tu, bool compiles_as_c, const PathFilter& filter,
              std::vector<core::Finding>& sink, std::map<std::string, nlohmann::json>& facts)
      : tu_(tu), compiles_as_c_(compiles_as_c), filter_(filter), sink_(sink), facts_(facts) {}

  CXTranslationUnit tu() const { return tu_; }
  // True when the TU is C or Objective-C, so its headers must stay valid C.
  bool compiles_as_c() const { return compiles_as_c_; }

  // Maps a range to its expansion (file) locations, or nullopt when the range lies in a system
  // header, outside the project root, in an excluded file, or spans two files.
  std::optional<FileRange> Locate(CXSourceRange range);
  // True if findings may be reported at `location` (see Locate).
  bool Reportable(CXSourceLocation location) { return !ReportableFile(location).empty(); }
  // The canonical path of the file `location` expands in when findings may be reported there
  // (see Locate), else "".
  const std::string& ReportableFile(CXSourceLocation location);

  // Records a finding, filling its enclosing symbol when the rule left it empty; the engine
  // deduplicates and sorts them.
  void Report(core::Finding finding);
  // Records a fact for the project pass of `rule` (see Rule::AnalyzeProject).
  void AddFact(const Rule& rule, nlohmann::json fact);
  const PathFilter& filter() const { return filter_; }

 private:
  // Canonical path of `file` if reportable, else "" (cached per file of this TU).
  const std::string& ReportablePath(CXFile file);

  CXTranslationUnit tu_;
  bool compiles_as_c_;
  const PathFilter& filter_;
  std::vector<core::Finding>& sink_;
  std::map<std::string, nlohmann::json>& facts_;
  std::map<CXFile, std::string> paths_;
  std::map<std::string, libclang::SymbolScopes> scopes_;  // by canonical path
};

class Rule {
 public:
  virtual ~Rule() = default;

  // The id the registry created this rule under ("use-nullptr"); a rule never spells its own.
  const std::string& id() const { return id_; }

  // Called for every cursor of the translation unit, in pre-order, with its parent in the
  // walk (for an implicit conversion, the expression it wraps is a child).
  // Must not walk whole subtrees itself; shallow lookups of direct children are fine.
  virtual void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) = 0;
  // Called once the walk of a translation unit is over, before its AST is disposed.
  virtual void EndTranslationUnit(RuleContext& context) { (void)context; }

  // The project pass of a project-level rule, for findings that need the whole project.
  // Contract:
  // - During the walk the rule records per-TU facts with RuleContext::AddFact(*this, json):
  //   self-contained JSON values describing code at reportable locations (absolute paths),
  //   the same whichever TU walks that code.
  // - The engine stores a TU's facts in its cache record next to its findings, so a TU found in
  //   the cache contributes its cached facts and a re-parsed TU its new ones: warm, cold and
  //   partially re-parsed runs see the same facts. Facts from a header come from the one TU that
  //   claimed it this run (header claims), so each header's code is described once; still, a
  //   pass must treat two facts about the same location as one (with --since, a skipped TU's
  //   cached facts may describe a header that an analyzed TU claimed anew).
  // - After every TU, the engine calls AnalyzeProject once per enabled rule on a fresh instance
  //   (same options) with every analyzed TU's facts for that rule. The findings it appends
  //   join the per-TU ones; they must not depend on the order of `facts.units` (the engine
  //   passes TU path order, but which TU holds a header's facts depends on scheduling).
  // - Only the TUs of this run contribute: a --shard K/N run, or one limited to some files,
  //   sees only those TUs' facts (no cross-shard merging).
  // Default: no project pass.
  struct ProjectFacts {
    std::filesystem::path root;                // project root, to name files in messages
    std::vector<const nlohmann::json*> units;  // per TU that recorded facts: a JSON array
    // The run's cache directory, where a pass may keep its own results between runs in a
    // folder named after its rule id (keyed so that a stale result is never used); empty when
    // the run has no cache.
    std::filesystem::path cache_dir;
  };
  virtual void AnalyzeProject(const ProjectFacts& facts, std::vector<core::Finding>& findings) {
    (void)facts;
    (void)findings;
  }

  // A project-level rule's check of one fact as read back from the cache: OK when it is a fact
  // the rule's walk could have recorded (every field its project pass reads, of the right type),
  // else InvalidArgument saying what is wrong. The engine checks every fact before the project
  // pass and analyzes a cached unit with a malformed fact again (the run notes it), so
  // AnalyzeProject sees only facts this accepts: a dropped fact could make a used function look
  // unused. Default: accepts every fact (a rule without a project pass records none).
  virtual core::Status CheckFact(const nlohmann::json& fact) const {
    (void)fact;
    return core::Status::Ok();
  }

  // A file the project pass could not judge, and why (e.g. its blame failed): the engine
  // reports each as a problem of the run, so nothing is skipped silently.
  struct ProjectProblem {
    std::string file;
    std::string message;
  };
  std::vector<ProjectProblem> TakeProjectProblems() { return std::move(project_problems_); }
  // Remarks of the project pass that are not problems (the findings are right, e.g. a result
  // could not be cached): the engine adds each to the run's notes, prefixed with the file.
  std::vector<ProjectProblem> TakeProjectNotes() { return std::move(project_notes_); }

 protected:
  void ReportProjectProblem(std::string file, std::string message) {
    project_problems_.push_back({std::move(file), std::move(message)});
  }
  void ReportProjectNote(std::string file, std::string message) {
    project_notes_.push_back({std::move(file), std::move(message)});
  }

 private:
  friend class RuleRegistry;  // names the rule when it creates it

  std::string id_;
  std::vector<ProjectProblem> project_problems_;
  std::vector<ProjectProblem> project_notes_;
};

}  // namespace nova::analyzers
