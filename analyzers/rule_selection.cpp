#include "analyzers/rule_selection.h"

#include <algorithm>
#include <set>

#include "analyzers/registry.h"

namespace nova::analyzers {
namespace {

std::string RuleKey(const std::string& id) { return "rules." + id; }

// The engine's own key in a rule's options object; the rule never sees it.
constexpr char kEnabledKey[] = "enabled";

// A rule's options without the engine's "enabled" key.
nlohmann::json RuleOwnOptions(const nlohmann::json& options) {
  nlohmann::json own = options;
  if (own.is_object()) own.erase(kEnabledKey);
  return own;
}

// Whether rule `entry` runs when no rules are named: its "enabled" option, else its default.
bool EnabledByDefault(const RuleEntry& entry,
                      const std::map<std::string, nlohmann::json>& rule_options) {
  auto it = rule_options.find(entry.info.id);
  if (it != rule_options.end() && it->second.is_object()) {
    auto enabled = it->second.find(kEnabledKey);
    if (enabled != it->second.end() && enabled->is_boolean()) return enabled->get<bool>();
  }
  return entry.info.capabilities.on_by_default;
}

}  // namespace

core::Result<std::vector<std::string>> EnabledRuleIds(
    const std::vector<std::string>& named,
    const std::map<std::string, nlohmann::json>& rule_options) {
  const RuleRegistry& registry = BuiltinRules();
  std::vector<std::string> ids;
  std::set<std::string> seen;
  std::vector<std::string> wanted = named;
  if (wanted.empty()) {
    for (const RuleEntry& entry : registry.entries()) {
      if (EnabledByDefault(entry, rule_options)) wanted.push_back(entry.info.id);
    }
  }
  for (const std::string& id : wanted) {
    if (!seen.insert(id).second) continue;
    if (registry.Find(id) == nullptr) return core::InvalidArgumentError("unknown rule '" + id + "'");
    ids.push_back(id);
  }
  return ids;
}

core::Result<std::vector<std::unique_ptr<Rule>>> CreateRules(
    const std::vector<std::string>& ids, const std::map<std::string, nlohmann::json>& options) {
  std::vector<std::unique_ptr<Rule>> rules;
  for (const std::string& id : ids) {
    const RuleEntry* entry = BuiltinRules().Find(id);
    if (entry == nullptr) return core::InvalidArgumentError("unknown rule '" + id + "'");
    auto options_it = options.find(id);
    nlohmann::json rule_options =
        options_it != options.end() ? RuleOwnOptions(options_it->second) : nlohmann::json::object();
    NOVA_ASSIGN_OR_RETURN(std::unique_ptr<Rule> rule, entry->create(rule_options, RuleKey(id)));
    rules.push_back(std::move(rule));
  }
  return rules;
}

core::Status ValidateRuleOptions(const std::map<std::string, nlohmann::json>& rule_options) {
  const RuleRegistry& registry = BuiltinRules();
  for (const auto& [id, options] : rule_options) {
    const RuleEntry* entry = registry.Find(id);
    if (entry == nullptr) return core::InvalidArgumentError(RuleKey(id) + ": unknown rule");
    if (options.is_object() && options.contains(kEnabledKey) && !options[kEnabledKey].is_boolean()) {
      return core::InvalidArgumentError(RuleKey(id) + "." + kEnabledKey + ": must be a boolean");
    }
    auto rule = entry->create(RuleOwnOptions(options), RuleKey(id));
    if (!rule.ok()) return rule.status();
  }
  return core::Status::Ok();
}

std::vector<RuleInfo> ListRules() {
  std::vector<RuleInfo> rules;
  for (const RuleEntry& entry : BuiltinRules().entries()) rules.push_back(entry.info);
  std::sort(rules.begin(), rules.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return rules;
}

std::optional<core::RuleCapabilities> CapabilitiesOf(std::string_view id) {
  const RuleEntry* entry = BuiltinRules().Find(id);
  if (entry == nullptr) return std::nullopt;
  return entry->info.capabilities;
}

}  // namespace nova::analyzers
