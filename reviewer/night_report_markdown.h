// The nightly self-review as GitHub-flavoured Markdown, for the job summary and a pull-request
// body: problems first, tonight's numbers against the previous night, the patches that did not
// land with their reasons and logs, the hottest files. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "reviewer/night_report.h"

namespace nova::reviewer {

// Text from the data (messages, paths, reasons, rule names) is escaped: it can neither inject
// HTML, links or mentions nor break a table row. Deterministic: equal reports give equal bytes.
std::string RenderNightMarkdown(const NightReport& report);

// `text` as Markdown text that renders literally on one line: HTML-significant characters become
// entities, Markdown punctuation (including '|', so table cells hold) is backslash-escaped,
// line breaks become spaces.
std::string EscapeMarkdown(std::string_view text);

}  // namespace nova::reviewer
