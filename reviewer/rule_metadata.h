// RuleMetadata: what a report says about a rule besides its findings (SARIF's reportingDescriptor).
// The reviewer does not depend on the analyzers, so the caller fills these from the rule list.
// Plain value type; thread-safe to copy.
#pragma once

#include <string>

namespace nova::reviewer {

struct RuleMetadata {
  std::string id;           // "use-nullptr"
  std::string description;  // one sentence, as `nova --list-rules` prints it
  std::string help_uri;     // absolute URI of the rule's documentation; empty = none
};

}  // namespace nova::reviewer
