#include "analyzers/registry.h"

#include "analyzers/rules/cognitive_complexity.h"
#include "analyzers/rules/duplicate_code.h"
#include "analyzers/rules/function_size.h"
#include "analyzers/rules/hotspot.h"
#include "analyzers/rules/naming_consistency.h"
#include "analyzers/rules/stale_todo.h"
#include "analyzers/rules/unused_function.h"
#include "analyzers/rules/use_nullptr.h"
#include "analyzers/rules/use_override.h"
#include "analyzers/rules/use_using.h"

namespace nova::analyzers {
namespace {

RuleRegistry MakeBuiltinRules() {
  RuleRegistry registry;
  registry.Add<DuplicateCode>("duplicate-code");
  registry.Add<FunctionSize>("function-size");
  registry.Add<CognitiveComplexity>("cognitive-complexity");
  registry.Add<UseNullptr>("use-nullptr");
  registry.Add<UseOverride>("use-override");
  registry.Add<UseUsing>("use-using");
  registry.Add<UnusedFunction>("unused-function");
  registry.Add<NamingConsistency>("naming-consistency");
  registry.Add<StaleTodo>("stale-todo");
  registry.Add<Hotspot>("hotspot", RuleDefault::kOff);
  return registry;
}

}  // namespace

const RuleEntry* RuleRegistry::Find(std::string_view id) const {
  for (const RuleEntry& entry : entries_) {
    if (entry.info.id == id) return &entry;
  }
  return nullptr;
}

const RuleRegistry& BuiltinRules() {
  static const RuleRegistry kRegistry = MakeBuiltinRules();
  return kRegistry;
}

}  // namespace nova::analyzers
