// The rule registry: every built-in rule's id, one-sentence description and factory, built in
// one plain function (BuiltinRules) rather than by static self-registration.
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

namespace nova::analyzers {

// Builds a rule from its options object (`{}` when the config says nothing). `key` is the
// config path of that object ("rules.function-size"), used to name keys in error messages.
using RuleFactory = std::function<core::Result<std::unique_ptr<Rule>>(
    const nlohmann::json& options, const std::string& key)>;

// Whether a rule runs when the user names no rules. An off rule runs when --rules names it or
// its options in .nova.json say `"enabled": true`; `"enabled": false` turns an on rule off.
enum class RuleDefault { kOn, kOff };

struct RuleEntry {
  RuleInfo info;
  RuleFactory create;
  RuleDefault by_default = RuleDefault::kOn;
};

class RuleRegistry {
 public:
  // T provides `static constexpr std::string_view kDescription` and
  // `static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json&, const std::string&)`.
  template <typename T>
  void Add(std::string id, RuleDefault by_default = RuleDefault::kOn) {
    entries_.push_back(RuleEntry{RuleInfo{std::move(id), std::string(T::kDescription)},
                                 &T::Create, by_default});
  }

  const RuleEntry* Find(std::string_view id) const;
  const std::vector<RuleEntry>& entries() const { return entries_; }

 private:
  std::vector<RuleEntry> entries_;
};

const RuleRegistry& BuiltinRules();

}  // namespace nova::analyzers
