// Table-driven escaping for the reports' text: a table says, per byte, what to write instead of
// it, and one loop applies it. EscapeHtml (html_text.h) and EscapeMarkdown
// (night_report_markdown.h) are its two tables. Pure functions; thread-safe.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace nova::reviewer {

// Per byte, its replacement; an empty entry keeps the byte as it is.
using EscapeTable = std::array<std::string_view, 256>;

// & < > " ' as character references.
const EscapeTable& HtmlEscapes();
// & < > " as character references, line breaks and tabs as spaces, Markdown punctuation
// (\ ` * _ [ ] ( ) # ! | ~ @ { } :) behind a backslash.
const EscapeTable& MarkdownEscapes();

// `text` with every byte the table names replaced.
std::string EscapeWith(std::string_view text, const EscapeTable& table);

}  // namespace nova::reviewer
