// Inline suppressions: `// NOLINT`, `// NOLINT(nova-<rule>,...)`, `// NOLINTNEXTLINE(...)` and
// `// nova: ignore <rule>,...` comments in the reviewed source move a finding from the Review's
// findings to its suppressed list. Reads each flagged file once through a SourceReader; the
// parsing functions are pure. Not thread-safe across one Review; no shared state.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nova-core/result.h"
#include "reviewer/review.h"

namespace nova::reviewer {

// The comments of one source line: the text of every `//` comment and `/* */` comment that
// starts outside a string or character literal, from the `//` or `/*` on. A raw string or a
// comment that spans lines is not followed across lines.
std::vector<std::string> LineComments(std::string_view line);

// Which comment, if any, of `line` (the flagged line) or `previous` (the line before it)
// suppresses a finding of `rule`; the comment's text and whether it sat on the previous line.
struct SuppressingComment {
  std::string text;
  bool on_previous_line = false;
};
std::optional<SuppressingComment> FindSuppression(std::string_view rule, std::string_view line,
                                                  std::string_view previous);

// The whole content of an absolute path; core::ReadWholeFile in production.
using SourceReader = std::function<core::Result<std::string>(const std::filesystem::path&)>;
SourceReader FileSystemReader();

// Moves every finding a comment suppresses from `review.findings` to `review.suppressed`, with
// counts per rule in the summary. A file that cannot be read keeps its findings and adds a note.
Review ApplyInlineSuppressions(Review review, const SourceReader& read);

}  // namespace nova::reviewer
