// Rule selection: which built-in rules a run enables (those named, else those on by default or
// turned on by their options), their options checked and their instances created from the
// registry, and the rule list and capabilities other modules read. Pure functions over the
// immutable registry; thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"
#include "nova-core/rule_capabilities.h"

namespace nova::analyzers {

// Validates rule ids and each rule's options; errors name the key, e.g.
// "rules.function-size.max_line: unknown key".
core::Status ValidateRuleOptions(const std::map<std::string, nlohmann::json>& rule_options);

// The enabled rule ids, each once, in the order `named` gives them; when `named` is empty, the
// built-in rules on by default or turned on by `"enabled": true` in `rule_options`, in registry
// order. InvalidArgument "unknown rule 'x'" for an id the registry lacks.
core::Result<std::vector<std::string>> EnabledRuleIds(
    const std::vector<std::string>& named,
    const std::map<std::string, nlohmann::json>& rule_options);

// One instance of each rule in `ids`, in order, made with its options from `options` (without
// the engine's "enabled" key).
core::Result<std::vector<std::unique_ptr<Rule>>> CreateRules(
    const std::vector<std::string>& ids, const std::map<std::string, nlohmann::json>& options);

// Every built-in rule with its one-sentence description and capabilities, ordered by id.
std::vector<RuleInfo> ListRules();

// The capabilities of built-in rule `id` as its registry line declares them; nullopt for any
// other id ("model-review", "model/function-size").
std::optional<core::RuleCapabilities> CapabilitiesOf(std::string_view id);

}  // namespace nova::analyzers
