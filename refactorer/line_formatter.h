// LineFormatter: formats chosen lines of one file's content in a project's style, so a patch
// reads like the code around it without reformatting what it did not touch. An interface: the
// real one runs clang-format --lines (clang_format_lines.h); tests may fake it.
// Implementations say whether they are thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "nova-core/result.h"

namespace nova::refactorer {

// Inclusive, 1-based [first, last] line ranges.
using LineRanges = std::vector<std::pair<int, int>>;

class LineFormatter {
 public:
  virtual ~LineFormatter() = default;
  // `content` with only `lines` reformatted per `style` (a .clang-format file's text);
  // `relative_path` names the file (its extension picks the language).
  virtual core::Result<std::string> Format(const std::string& style, const std::string& content,
                                           const std::string& relative_path,
                                           const LineRanges& lines) = 0;
};

}  // namespace nova::refactorer
