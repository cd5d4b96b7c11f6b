#include "analyzers/rules/unused_function.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <tuple>

#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"
#include "analyzers/rule_support/fact_decode.h"
#include "analyzers/rule_support/library_hooks.h"
#include "nova-core/check.h"

namespace nova::analyzers {
namespace {

using nlohmann::json;

constexpr int kMaxLeadingAttributes = 8;  // bound: attribute groups looked through before a decl

bool IsKeepWord(std::string_view word) {
  for (std::string_view keep : {"unused", "__unused__", "maybe_unused", "used", "__used__",
                                "constructor", "__constructor__", "destructor", "__destructor__"}) {
    if (word == keep) return true;
  }
  return false;
}

// Where the attributes written right before `begin` (`[[...]]`, `__attribute__((...))`) start;
// libclang's extent of a declaration leaves them out.
std::size_t AttributesStart(std::string_view content, std::size_t begin) {
  for (int count = 0; count < kMaxLeadingAttributes; ++count) {
    std::size_t end = begin;
    while (end > 0 && std::isspace(static_cast<unsigned char>(content[end - 1]))) --end;
    std::string_view before = content.substr(0, end);
    std::size_t open = std::string_view::npos;
    if (before.ends_with("]]")) {
      open = before.rfind("[[");
    } else if (before.ends_with("))")) {
      open = before.rfind("__attribute__");
      int depth = 0;  // the parentheses from there on must close exactly at `end`
      for (std::size_t k = open == std::string_view::npos ? end : open; k < end; ++k) {
        if (content[k] == '(') ++depth;
        if (content[k] == ')' && --depth == 0 && k + 1 != end) open = std::string_view::npos;
      }
    }
    if (open == std::string_view::npos) return begin;
    begin = open;
  }
  return begin;
}

// [[maybe_unused]], __attribute__((unused)) and the like: in the attributes before the
// declaration, or written between its start and its name.
bool MarkedToKeep(CXCursor cursor, CXTranslationUnit tu, std::string_view attributes) {
  std::string word;
  for (char c : attributes) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word += c;
      continue;
    }
    if (IsKeepWord(word)) return true;
    word.clear();
  }
  CXSourceRange extent = clang_getCursorExtent(cursor);
  CXSourceRange head = clang_getRange(clang_getRangeStart(extent), clang_getCursorLocation(cursor));
  libclang::Tokens tokens(tu, head);
  for (unsigned k = 0; k < tokens.size(); ++k) {
    if (tokens.Kind(k) == CXToken_Identifier && IsKeepWord(tokens.Spelling(k))) return true;
  }
  return false;
}

bool Blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

std::size_t LineStart(std::string_view content, std::size_t at) {
  std::size_t newline = at == 0 ? std::string_view::npos : content.rfind('\n', at - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

// One past the newline ending the line holding `at` (or the end of the content).
std::size_t NextLineStart(std::string_view content, std::size_t at) {
  std::size_t newline = content.find('\n', at);
  return newline == std::string_view::npos ? content.size() : newline + 1;
}

// The bytes [begin, end) of `content` to delete for a declaration spanning [begin, end): its
// whole lines with the comment block right above it and, when the deletion would leave two
// blank lines together, one of them; only [begin, end) when other code shares its lines.
std::pair<std::size_t, std::size_t> DeletionRange(std::string_view content, std::size_t begin,
                                                  std::size_t end) {
  std::size_t start = LineStart(content, begin);
  std::size_t stop = NextLineStart(content, end);
  std::size_t line_end = content.find('\n', end);
  if (line_end == std::string_view::npos) line_end = content.size();
  std::string_view rest = Trim(content.substr(end, line_end - end));
  if (!Blank(content.substr(start, begin - start)) || !(rest.empty() || rest.starts_with("//"))) {
    return {begin, end};
  }
  while (start > 0) {  // each step moves up one line at least, so the loop ends
    std::size_t above = LineStart(content, start - 1);
    std::string_view line = Trim(content.substr(above, start - 1 - above));
    if (line.rfind("//", 0) == 0) {
      start = above;
      continue;
    }
    if (line.size() < 2 || line.substr(line.size() - 2) != "*/") break;
    std::size_t open = content.rfind("/*", start - 1);
    if (open == std::string_view::npos) break;
    std::size_t open_line = LineStart(content, open);
    if (!Blank(content.substr(open_line, open - open_line))) break;
    start = open_line;
  }
  const bool blank_above =
      start == 0 || Blank(content.substr(LineStart(content, start - 1),
                                         start - 1 - LineStart(content, start - 1)));
  if (stop < content.size()) {
    std::size_t after = NextLineStart(content, stop);
    if (blank_above && Blank(content.substr(stop, after - stop))) stop = after;
  } else if (blank_above && start > 0) {
    start = LineStart(content, start - 1);
  }
  return {start, stop};
}

// The content of the file `range` lies in, as the TU read it.
std::optional<std::string_view> ContentOf(const FileRange& range, CXTranslationUnit tu) {
  CXFile file = clang_getFile(tu, range.file.c_str());
  std::size_t size = 0;
  const char* data = file != nullptr ? clang_getFileContents(tu, file, &size) : nullptr;
  if (data == nullptr || range.end_offset > size) return std::nullopt;
  return std::string_view(data, size);
}

// The edit deleting a declaration or definition spanning `range` with the attributes before it
// from `begin` on, and a declaration's `;`.
std::optional<core::Edit> DeletionOf(std::string_view content, const FileRange& range,
                                     std::size_t begin, bool definition) {
  const std::size_t size = content.size();
  std::size_t end = range.end_offset;
  if (!definition) {
    std::size_t semicolon = end;
    while (semicolon < size && std::isspace(static_cast<unsigned char>(content[semicolon])))
      ++semicolon;
    if (semicolon >= size || content[semicolon] != ';') return std::nullopt;
    end = semicolon + 1;
  }
  auto [start, stop] = DeletionRange(content, begin, end);
  return core::Edit{range.file, start, stop - start, ""};
}

// The qualified name used in messages: "Widget::Helper" for a method, "helper" otherwise.
std::string DisplayName(CXCursor cursor) {
  std::string name = libclang::TakeString(clang_getCursorSpelling(cursor));
  if (clang_getCursorKind(cursor) != CXCursor_CXXMethod) return name;
  return libclang::TakeString(clang_getCursorSpelling(clang_getCursorSemanticParent(cursor))) +
         "::" + name;
}

// A candidate's definition or declaration as the project pass reads it back.
struct Site {
  std::string usr;
  bool definition = false;
  bool private_method = false;
  std::string name;
  core::Finding where;  // file and name range; rule, message and fix come later
  core::Edit deletion;
};

// Read by DecodeFact<Site>; throws on a missing key or a wrong type.
void from_json(const json& fact, Site& site) {
  site.usr = fact.at("usr").get<std::string>();
  site.definition = fact.at("definition").get<bool>();
  site.private_method = fact.at("private_method").get<bool>();
  site.name = fact.at("name").get<std::string>();
  site.where.file = fact.at("file").get<std::string>();
  site.where.line = fact.at("line").get<int>();
  site.where.column = fact.at("column").get<int>();
  site.where.end_line = fact.at("end_line").get<int>();
  site.where.end_column = fact.at("end_column").get<int>();
  site.deletion = {site.where.file, fact.at("offset").get<std::uint64_t>(),
                   fact.at("length").get<std::uint64_t>(), ""};
}

// A unit's summary fact ({"references": [...], "kept": [...]}): the USRs it marks as used.
struct Used {
  std::vector<std::string> usrs;
};

// Read by DecodeFact<Used>; throws on a missing key or a wrong type.
void from_json(const json& fact, Used& used) {
  used.usrs = fact.at("references").get<std::vector<std::string>>();
  for (const json& usr : fact.at("kept")) used.usrs.push_back(usr.get<std::string>());
}

bool IsSummaryFact(const json& fact) { return fact.is_object() && fact.contains("references"); }

}  // namespace

core::Result<std::unique_ptr<Rule>> UnusedFunction::Create(const nlohmann::json& options,
                                                           const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {}));
  return std::unique_ptr<Rule>(std::make_unique<UnusedFunction>());
}

void UnusedFunction::LeaveScopesNotContaining(CXSourceLocation location) {
  CXFile file = nullptr;
  unsigned offset = 0;
  clang_getExpansionLocation(location, &file, nullptr, nullptr, &offset);
  while (!enclosing_.empty() &&
         (file == nullptr || !clang_File_isEqual(file, enclosing_.back().file) ||
          offset >= enclosing_.back().end)) {
    enclosing_.pop_back();
  }
}

void UnusedFunction::NoteReference(CXCursor cursor, CXCursor referenced) {
  if (clang_Cursor_isNull(referenced) || !IsFunctionKind(clang_getCursorKind(referenced))) return;
  std::string usr = libclang::TakeString(clang_getCursorUSR(referenced));
  if (usr.empty()) return;
  LeaveScopesNotContaining(clang_getCursorLocation(cursor));
  for (const Enclosing& scope : enclosing_) {
    if (scope.usr == usr) return;  // recursion
  }
  references_.insert(std::move(usr));
}

void UnusedFunction::NoteCandidate(CXCursor cursor, RuleContext& context) {
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (kind != CXCursor_FunctionDecl && kind != CXCursor_CXXMethod) return;
  const bool private_method =
      kind == CXCursor_CXXMethod && clang_getCXXAccessSpecifier(cursor) == CX_CXXPrivate;
  if (!private_method &&
      !(kind == CXCursor_FunctionDecl && clang_getCursorLinkage(cursor) == CXLinkage_Internal)) {
    return;
  }
  const std::string spelling = libclang::TakeString(clang_getCursorSpelling(cursor));
  if (spelling == "main" || spelling.rfind("operator", 0) == 0 || IsLibraryHook(spelling)) return;
  if (clang_CXXMethod_isVirtual(cursor) || InTemplateScope(cursor, /*specializations=*/true)) {
    return;
  }
  const std::string usr = libclang::TakeString(clang_getCursorUSR(cursor));
  if (usr.empty()) return;
  CXSourceRange extent = clang_getCursorExtent(cursor);
  std::optional<FileRange> range = context.Locate(extent);
  if (!range) return;
  std::optional<std::string_view> content = ContentOf(*range, context.tu());
  if (!content) return;
  // A function a macro writes expands at the macro's name, not its own (clang_getSpellingLocation
  // would not tell: libclang maps it to the expansion too). It has no safe edit.
  unsigned name_offset = 0;
  clang_getExpansionLocation(clang_getCursorLocation(cursor), nullptr, nullptr, nullptr,
                             &name_offset);
  if (content->substr(name_offset, spelling.size()) != spelling) return;
  const std::size_t begin = AttributesStart(*content, range->offset);
  if (MarkedToKeep(cursor, context.tu(), content->substr(begin, range->offset - begin))) {
    kept_.insert(usr);
    return;
  }
  // A definition here is one with a body: `= default` and `= delete` are never reported.
  const bool definition = clang_isCursorDefinition(cursor) != 0;
  if (definition && clang_Cursor_isNull(FunctionBody(cursor))) return;
  std::optional<core::Edit> deletion = DeletionOf(*content, *range, begin, definition);
  if (!deletion) return;
  unsigned line = 0;
  unsigned column = 0;
  clang_getExpansionLocation(clang_getCursorLocation(cursor), nullptr, &line, &column, nullptr);
  context.AddFact(*this, {{"usr", usr},
                          {"definition", definition},
                          {"private_method", private_method},
                          {"name", DisplayName(cursor)},
                          {"file", range->file},
                          {"line", line},
                          {"column", column},
                          {"end_line", line},
                          {"end_column", column + spelling.size()},
                          {"offset", deletion->offset},
                          {"length", deletion->length}});
}

void UnusedFunction::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  (void)parent;
  const CXCursorKind kind = clang_getCursorKind(cursor);
  switch (kind) {
    case CXCursor_DeclRefExpr:
    case CXCursor_MemberRefExpr:
    case CXCursor_CallExpr:
      NoteReference(cursor, clang_getCursorReferenced(cursor));
      return;
    case CXCursor_OverloadedDeclRef: {
      // An unresolved call in a template or a using-declaration: every candidate is used.
      const unsigned count = clang_getNumOverloadedDecls(cursor);
      for (unsigned k = 0; k < count; ++k)
        NoteReference(cursor, clang_getOverloadedDecl(cursor, k));
      return;
    }
    default:
      break;
  }
  if (!IsFunctionKind(kind)) return;
  if (clang_isCursorDefinition(cursor)) {
    LeaveScopesNotContaining(clang_getCursorLocation(cursor));
    CXFile file = nullptr;
    unsigned end = 0;
    clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(cursor)), &file, nullptr,
                               nullptr, &end);
    std::string usr = libclang::TakeString(clang_getCursorUSR(cursor));
    if (file != nullptr && !usr.empty()) enclosing_.push_back({file, end, std::move(usr)});
  }
  NoteCandidate(cursor, context);
}

void UnusedFunction::EndTranslationUnit(RuleContext& context) {
  context.AddFact(*this, {{"references", references_}, {"kept", kept_}});
  enclosing_.clear();
  references_.clear();
  kept_.clear();
}

core::Status UnusedFunction::CheckFact(const json& fact) const {
  return IsSummaryFact(fact) ? DecodeFact<Used>(fact).status() : DecodeFact<Site>(fact).status();
}

void UnusedFunction::AnalyzeProject(const ProjectFacts& facts,
                                    std::vector<core::Finding>& findings) {
  std::set<std::string> used;
  std::map<std::string, std::vector<Site>> sites;  // by USR
  for (const json* unit : facts.units) {
    for (const json& fact : *unit) {
      // The engine passes only facts CheckFact accepted.
      if (IsSummaryFact(fact)) {
        core::Result<Used> names = DecodeFact<Used>(fact);
        NOVA_CHECK(names.ok());
        used.insert(names->usrs.begin(), names->usrs.end());
        continue;
      }
      core::Result<Site> site = DecodeFact<Site>(fact);
      NOVA_CHECK(site.ok());
      sites[site->usr].push_back(std::move(*site));
    }
  }
  for (auto& [usr, list] : sites) {
    if (used.count(usr) > 0) continue;
    // The same place described by two TUs counts once; the first definition carries the finding.
    std::sort(list.begin(), list.end(), [](const Site& a, const Site& b) {
      if (a.definition != b.definition) return a.definition;
      return std::tie(a.where.file, a.where.line, a.where.column) <
             std::tie(b.where.file, b.where.line, b.where.column);
    });
    if (!list.front().definition) continue;
    core::Finding finding = list.front().where;
    finding.rule = id();
    finding.severity = core::Severity::kWarning;
    finding.snippet = list.front().name;
    finding.symbol = list.front().name;
    finding.message = (list.front().private_method ? "private method '" : "function '") +
                      list.front().name + "' is never used";
    for (const Site& site : list) {
      if (std::find(finding.fix.begin(), finding.fix.end(), site.deletion) == finding.fix.end()) {
        finding.fix.push_back(site.deletion);
      }
    }
    std::sort(finding.fix.begin(), finding.fix.end());
    findings.push_back(std::move(finding));
  }
}

}  // namespace nova::analyzers
