// RuleCapabilities: what a rule is besides the findings it reports, declared once per rule (on
// its line in analyzers/registry.cpp) and read from there by the analyzers, the refactorer and
// the model agents; the reviewer, which does not depend on the analyzers, gets it from its
// caller. A plain value type of literals; thread-safe to copy.
#pragma once

#include <string_view>

namespace nova::core {

struct RuleCapabilities {
  // Runs when the user names no rules; an off rule runs when --rules names it or its options in
  // .nova.json say `"enabled": true`, and `"enabled": false` turns an on rule off.
  bool on_by_default = true;
  bool fixable = false;  // findings may carry edits or rename details
  // Measures one function (its size or complexity, in the finding's details): the model agents
  // rank functions by it.
  bool metric = false;
  bool model_rewritable = false;  // the model-refactorer may rewrite the function a finding names
  bool project_level = false;     // records facts and reports from its project pass
  // Words, space-separated, that a comment on this rule's subject uses beyond the rule id: the
  // model reviewer drops a comment that repeats a finding. Empty: only the rule id's words.
  std::string_view subject_words = "";
};

}  // namespace nova::core
