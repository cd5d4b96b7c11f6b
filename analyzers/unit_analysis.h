// One translation unit's analysis: parse, claim the project headers no other TU has claimed,
// walk the AST once with every rule (skipping top-level declarations of headers another TU
// owns), collect the files it read for the cache, dispose the AST. Runs on one worker thread
// with that worker's CXIndex and rules; the shared pieces (claims, cache) are thread-safe.
#pragma once

#include <clang-c/Index.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analyzers/cache/tu_cache.h"
#include "analyzers/header_claims.h"
#include "analyzers/libclang/compile_db.h"
#include "analyzers/path_filter.h"
#include "analyzers/rule.h"

namespace nova::analyzers {

// What every unit of a run shares; outlives the run's workers.
struct UnitEnvironment {
  const PathFilter* filter = nullptr;
  const std::map<std::string, std::string>* overlay = nullptr;
  HeaderClaims* claims = nullptr;
  TuCache* cache = nullptr;  // null: collect no inputs, store nothing
};

struct UnitOutcome {
  bool parsed = false;             // false: `problem` says why there is no AST
  std::string problem;
  TuRecord record;                 // findings (sorted, deduplicated), claims, inputs, errors
  std::vector<std::string> notes;  // e.g. why the result was not cached; without the file name
};

// Sorts findings with core::FindingLess (ties broken by every other field, so the order never
// depends on which thread found what) and drops repeats of the same rule, file, position and
// message.
// The language `command` reads its headers in, for HeaderClaims.
HeaderLanguage ClaimLanguage(const libclang::CompileCommand& command);

void SortAndDeduplicate(std::vector<core::Finding>& findings);

// Analyzes `command` as TU `owner` (its claims are made in that name). When the environment
// has a cache and every input could be hashed, stores the record there.
UnitOutcome AnalyzeUnit(CXIndex index, std::vector<std::unique_ptr<Rule>>& rules,
                        const libclang::CompileCommand& command, int owner,
                        const UnitEnvironment& environment);

}  // namespace nova::analyzers
