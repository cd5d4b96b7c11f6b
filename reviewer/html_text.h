// Text for the HTML night report: escaping of everything that comes from the data, and compact
// number formatting for SVG coordinates and labels. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace nova::reviewer {

// `text` safe inside HTML/SVG element content and quoted attribute values: & < > " ' become
// character references.
std::string EscapeHtml(std::string_view text);

// `value` with at most `decimals` decimals and no trailing zeros: 12.50 -> "12.5", 3.0 -> "3".
std::string Fixed(double value, int decimals = 2);

}  // namespace nova::reviewer
