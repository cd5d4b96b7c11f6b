// The rule registry: every built-in rule's id, one-sentence description, capabilities and
// factory, built in one plain function (BuiltinRules) rather than by static self-registration.
// The registry is immutable once built; BuiltinRules() is safe to call from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"
#include "nova-core/rule_capabilities.h"

namespace nova::analyzers {

// Builds a rule from its options object (`{}` when the config says nothing). `key` is the
// config path of that object ("rules.function-size"), used to name keys in error messages.
using RuleFactory = std::function<core::Result<std::unique_ptr<Rule>>(
    const nlohmann::json& options, const std::string& key)>;

struct RuleEntry {
  RuleInfo info;
  RuleFactory create;  // the rule it makes already knows its id
};

class RuleRegistry {
 public:
  // Registers rule `id`, the one place its id and capabilities are written. T provides
  // `static constexpr std::string_view kDescription` and
  // `static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json&, const std::string&)`.
  template <typename T>
  void Add(std::string id, core::RuleCapabilities capabilities = {}) {
    RuleFactory create = [id](const nlohmann::json& options,
                              const std::string& key) -> core::Result<std::unique_ptr<Rule>> {
      NOVA_ASSIGN_OR_RETURN(std::unique_ptr<Rule> rule, T::Create(options, key));
      rule->id_ = id;
      return rule;
    };
    entries_.push_back(RuleEntry{
        RuleInfo{std::move(id), std::string(T::kDescription), capabilities}, std::move(create)});
  }

  const RuleEntry* Find(std::string_view id) const;
  const std::vector<RuleEntry>& entries() const { return entries_; }

 private:
  std::vector<RuleEntry> entries_;
};

const RuleRegistry& BuiltinRules();

}  // namespace nova::analyzers
