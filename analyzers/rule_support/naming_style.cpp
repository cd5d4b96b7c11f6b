#include "analyzers/rule_support/naming_style.h"

#include <cctype>

namespace nova::analyzers {
namespace {

bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool IsLower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool AllOf(std::string_view text, bool (*ok)(char)) {
  for (char c : text) {
    if (!ok(c)) return false;
  }
  return true;
}

// `kMaxSize`: a k followed by a capital.
bool HasConstantPrefix(std::string_view base) {
  return base.size() >= 2 && base[0] == 'k' && IsUpper(base[1]);
}

std::string Lower(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Capitalised(std::string_view word) {
  std::string out = Lower(word);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

const std::vector<NamingStyle>& AllNamingStyles() {
  static const std::vector<NamingStyle> kStyles = {
      NamingStyle::kCamelCase, NamingStyle::kLowerCase, NamingStyle::kCamelBack,
      NamingStyle::kUpperCase, NamingStyle::kPrefixedCamelCase};
  return kStyles;
}

std::string_view NamingStyleName(NamingStyle style) {
  switch (style) {
    case NamingStyle::kCamelCase:
      return "CamelCase";
    case NamingStyle::kLowerCase:
      return "lower_case";
    case NamingStyle::kCamelBack:
      return "camelBack";
    case NamingStyle::kUpperCase:
      return "UPPER_CASE";
    case NamingStyle::kPrefixedCamelCase:
      return "kCamelCase";
  }
  return "";
}

std::optional<NamingStyle> ParseNamingStyle(std::string_view name) {
  for (NamingStyle style : AllNamingStyles()) {
    if (NamingStyleName(style) == name) return style;
  }
  return std::nullopt;
}

NameParts SplitAffixes(std::string_view name, bool member) {
  NameParts parts;
  std::string_view base = name;
  if (member) {
    if (base.size() > 2 && base.starts_with("m_")) {
      parts.prefix = "m_";
      base.remove_prefix(2);
    }
    if (base.size() > 1 && base.ends_with("_")) {
      parts.suffix = "_";
      base.remove_suffix(1);
    }
  }
  parts.base = std::string(base);
  return parts;
}

bool FollowsStyle(std::string_view base, NamingStyle style) {
  if (base.empty() || !AllOf(base, [](char c) { return IsAlnum(c) || c == '_'; })) return false;
  const bool underscores = base.find('_') != std::string_view::npos;
  switch (style) {
    case NamingStyle::kCamelCase:
      return IsUpper(base[0]) && !underscores;
    case NamingStyle::kCamelBack:
      return IsLower(base[0]) && !underscores && !HasConstantPrefix(base);
    case NamingStyle::kLowerCase:
      return IsLower(base[0]) && AllOf(base, [](char c) { return IsLower(c) || IsDigit(c) || c == '_'; }) &&
             base.find("__") == std::string_view::npos && !base.ends_with("_");
    case NamingStyle::kUpperCase:
      return IsUpper(base[0]) && AllOf(base, [](char c) { return IsUpper(c) || IsDigit(c) || c == '_'; }) &&
             base.find("__") == std::string_view::npos && !base.ends_with("_");
    case NamingStyle::kPrefixedCamelCase:
      return HasConstantPrefix(base) && !underscores;
  }
  return false;
}

std::vector<std::string> NameWords(std::string_view base) {
  if (HasConstantPrefix(base)) base.remove_prefix(1);
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (std::size_t i = 0; i < base.size(); ++i) {
    const char c = base[i];
    if (c == '_') {
      flush();
      continue;
    }
    if (IsUpper(c) && !word.empty()) {
      const char previous = base[i - 1];
      const bool next_lower = i + 1 < base.size() && IsLower(base[i + 1]);
      if (IsLower(previous) || IsDigit(previous) || (IsUpper(previous) && next_lower)) flush();
    }
    word += c;
  }
  flush();
  return words;
}

std::string Respell(std::string_view base, NamingStyle style) {
  const std::vector<std::string> words = NameWords(base);
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    switch (style) {
      case NamingStyle::kCamelCase:
      case NamingStyle::kPrefixedCamelCase:
        out += Capitalised(words[i]);
        break;
      case NamingStyle::kCamelBack:
        out += i == 0 ? Lower(words[i]) : Capitalised(words[i]);
        break;
      case NamingStyle::kLowerCase:
        out += (i == 0 ? "" : "_") + Lower(words[i]);
        break;
      case NamingStyle::kUpperCase:
        out += (i == 0 ? "" : "_");
        for (char c : words[i]) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        break;
    }
  }
  if (style == NamingStyle::kPrefixedCamelCase && !out.empty()) out = "k" + out;
  return out;
}

}  // namespace nova::analyzers
