#include "analyzers/fact_check.h"

#include "nova-core/check.h"

namespace nova::analyzers {

std::optional<std::string> FirstMalformedFact(const Rule& rule, const nlohmann::json& facts) {
  if (!facts.is_array()) return "not an array";
  for (std::size_t k = 0; k < facts.size(); ++k) {
    core::Status status = rule.CheckFact(facts[k]);
    if (!status.ok()) {
      return "fact " + std::to_string(k + 1) + " of " + std::to_string(facts.size()) + ": " +
             status.message();
    }
  }
  return std::nullopt;
}

std::optional<std::string> FirstMalformedFact(const std::vector<std::string>& ids,
                                              const std::vector<std::unique_ptr<Rule>>& rules,
                                              const std::map<std::string, nlohmann::json>& facts) {
  NOVA_CHECK(ids.size() == rules.size());
  for (std::size_t r = 0; r < ids.size(); ++r) {
    auto it = facts.find(ids[r]);
    if (it == facts.end()) continue;
    if (std::optional<std::string> why = FirstMalformedFact(*rules[r], it->second)) {
      return "rule '" + ids[r] + "', " + *why;
    }
  }
  return std::nullopt;
}

}  // namespace nova::analyzers
