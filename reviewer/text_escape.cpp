#include "reviewer/text_escape.h"

#include <cstddef>

namespace nova::reviewer {
namespace {

// & < > " as character references: what both tables write for them.
constexpr EscapeTable WithEntities() {
  EscapeTable table{};
  table['&'] = "&amp;";
  table['<'] = "&lt;";
  table['>'] = "&gt;";
  table['"'] = "&quot;";
  return table;
}

constexpr EscapeTable MakeHtmlEscapes() {
  EscapeTable table = WithEntities();
  table['\''] = "&#39;";
  return table;
}

constexpr EscapeTable MakeMarkdownEscapes() {
  EscapeTable table = WithEntities();
  table['\n'] = table['\r'] = table['\t'] = " ";
  // Each punctuation byte of kPunctuation, and at the same index pair of kEscaped, its escape.
  constexpr std::string_view kPunctuation = "\\`*_[]()#!|~@{}:";
  constexpr std::string_view kEscaped = "\\\\\\`\\*\\_\\[\\]\\(\\)\\#\\!\\|\\~\\@\\{\\}\\:";
  static_assert(kEscaped.size() == 2 * kPunctuation.size());
  for (std::size_t i = 0; i < kPunctuation.size(); ++i) {
    table[static_cast<unsigned char>(kPunctuation[i])] = kEscaped.substr(2 * i, 2);
  }
  return table;
}

constexpr EscapeTable kHtmlEscapes = MakeHtmlEscapes();
constexpr EscapeTable kMarkdownEscapes = MakeMarkdownEscapes();

}  // namespace

const EscapeTable& HtmlEscapes() { return kHtmlEscapes; }

const EscapeTable& MarkdownEscapes() { return kMarkdownEscapes; }

std::string EscapeWith(std::string_view text, const EscapeTable& table) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const std::string_view replacement = table[static_cast<unsigned char>(c)];
    if (replacement.empty())
      out += c;
    else
      out += replacement;
  }
  return out;
}

}  // namespace nova::reviewer
