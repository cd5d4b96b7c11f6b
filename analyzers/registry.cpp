#include "analyzers/registry.h"

#include "analyzers/rules/cognitive_complexity.h"
#include "analyzers/rules/duplicate_code.h"
#include "analyzers/rules/function_size.h"
#include "analyzers/rules/hotspot.h"
#include "analyzers/rules/naming_consistency.h"
#include "analyzers/rules/stale_todo.h"
#include "analyzers/rules/unused_function.h"
#include "analyzers/rules/use_equals_default.h"
#include "analyzers/rules/use_nullptr.h"
#include "analyzers/rules/use_override.h"
#include "analyzers/rules/use_using.h"

namespace nova::analyzers {
namespace {

RuleRegistry MakeBuiltinRules() {
  RuleRegistry registry;
  registry.Add<DuplicateCode>("duplicate-code",
                              {.model_rewritable = true,
                               .project_level = true,
                               .subject_words = "duplicate duplicated clone copy"});
  registry.Add<FunctionSize>("function-size",
                             {.metric = true,
                              .model_rewritable = true,
                              .subject_words = "long lines statements parameters nesting nested"});
  registry.Add<CognitiveComplexity>("cognitive-complexity",
                                    {.metric = true,
                                     .model_rewritable = true,
                                     .subject_words = "complex complexity complicated"});
  registry.Add<UseNullptr>("use-nullptr", {.fixable = true});
  registry.Add<UseOverride>("use-override", {.fixable = true});
  registry.Add<UseUsing>("use-using", {.fixable = true});
  registry.Add<UseEqualsDefault>("use-equals-default", {.fixable = true});
  registry.Add<UnusedFunction>("unused-function", {.fixable = true, .project_level = true});
  registry.Add<NamingConsistency>("naming-consistency", {.fixable = true, .project_level = true});
  registry.Add<StaleTodo>("stale-todo", {.project_level = true});
  registry.Add<Hotspot>("hotspot", {.on_by_default = false, .project_level = true});
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
