#include "reviewer/html_text.h"

#include <cmath>
#include <cstdio>

#include "reviewer/text_escape.h"

namespace nova::reviewer {

std::string EscapeHtml(std::string_view text) { return EscapeWith(text, HtmlEscapes()); }

std::string Fixed(double value, int decimals) {
  if (!std::isfinite(value)) value = 0;
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  std::string out = text;
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

}  // namespace nova::reviewer
