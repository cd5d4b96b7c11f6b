// Checks project-rule facts with each rule's CheckFact, so that a malformed fact read back from
// the cache sends its unit to be analyzed again instead of silently leaving a project pass.
// Pure functions; the rules are only read, so each thread passes its own or shares const ones.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"

namespace nova::analyzers {

// "fact 3 of 7: key 'usr' not found" for the first fact of `facts` (a JSON array) that `rule`
// rejects, or "not an array"; nullopt when every fact is well-formed.
std::optional<std::string> FirstMalformedFact(const Rule& rule, const nlohmann::json& facts);

// The same over one unit's facts of every enabled rule: `rules[k]` is the rule with id `ids[k]`.
// "rule 'unused-function', fact 3 of 7: ..."; facts of rules not in `ids` are not read.
std::optional<std::string> FirstMalformedFact(const std::vector<std::string>& ids,
                                              const std::vector<std::unique_ptr<Rule>>& rules,
                                              const std::map<std::string, nlohmann::json>& facts);

}  // namespace nova::analyzers
