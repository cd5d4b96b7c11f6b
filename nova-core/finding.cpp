#include "nova-core/finding.h"

#include <tuple>

namespace nova::core {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNote: return "note";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "warning";
}

Result<Severity> ParseSeverity(std::string_view name) {
  if (name == "note") return Severity::kNote;
  if (name == "warning") return Severity::kWarning;
  if (name == "error") return Severity::kError;
  return InvalidArgumentError("unknown severity '" + std::string(name) +
                              "' (expected note, warning or error)");
}

bool FindingLess(const Finding& a, const Finding& b) {
  return std::tie(a.file, a.line, a.column, a.rule, a.message) <
         std::tie(b.file, b.line, b.column, b.rule, b.message);
}

}  // namespace nova::core
