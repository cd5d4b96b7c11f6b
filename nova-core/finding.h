// Finding and Edit: what an analyzer rule reports and how a fix is expressed.
// Plain value types shared by the analyzers, reviewer and refactorer; no behaviour beyond
// ordering and severity names. Paths are absolute and canonical until the reviewer relativizes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nova-core/result.h"

namespace nova::core {

enum class Severity { kNote, kWarning, kError };

std::string_view SeverityName(Severity severity);       // "note", "warning", "error"
Result<Severity> ParseSeverity(std::string_view name);  // inverse of SeverityName

// One replacement of `length` bytes at byte `offset` of `file` by `replacement`.
// Offsets refer to the file's content at the base commit the analysis ran on.
struct Edit {
  std::string file;  // absolute, canonical (realpath) path
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::string replacement;

  friend bool operator==(const Edit&, const Edit&) = default;
  friend auto operator<=>(const Edit&, const Edit&) = default;
};

struct Finding {
  std::string rule;  // e.g. "use-nullptr"
  Severity severity = Severity::kWarning;
  std::string file;  // absolute, canonical path
  int line = 0;      // 1-based
  int column = 0;    // 1-based, in bytes
  int end_line = 0;
  int end_column = 0;
  std::string message;     // one line, no trailing period
  std::string snippet;     // the flagged source text, the basis of the fingerprint
  // The qualified name of the declaration the finding lies in ("ns::Widget::Resize(int)"), ""
  // at file scope; with the snippet it identifies the finding when lines shift.
  std::string symbol = {};
  std::vector<Edit> fix;   // empty when the rule offers no mechanical fix
  // Rule-specific facts as a compact JSON object (e.g. a function's metrics), "" when none;
  // kept as text so this header stays free of a JSON library.
  std::string details;
};

// Orders by file, line, column, rule, message: the order every renderer uses.
bool FindingLess(const Finding& a, const Finding& b);

}  // namespace nova::core
