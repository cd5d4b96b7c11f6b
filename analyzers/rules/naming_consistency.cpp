#include "analyzers/rules/naming_consistency.h"

#include "analyzers/rule_support/extern_c.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <vector>

#include "analyzers/libclang/enclosing_symbol.h"
#include "analyzers/libclang/file_tokens.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"
#include "analyzers/rule_support/fact_decode.h"
#include "analyzers/rule_support/library_hooks.h"
#include "nova-core/check.h"

namespace nova::analyzers {
namespace {

using nlohmann::json;

constexpr std::string_view kKinds[] = {"types",   "functions", "methods",    "variables",
                                       "members", "constants", "namespaces", "macros"};

// The singular, for messages.
std::string_view KindNoun(std::string_view kind) {
  if (kind == "types") return "type";
  if (kind == "functions") return "function";
  if (kind == "methods") return "method";
  if (kind == "variables") return "variable";
  if (kind == "members") return "member";
  if (kind == "constants") return "constant";
  if (kind == "namespaces") return "namespace";
  return "macro";
}

const std::set<std::string>& DefaultIgnored() {
  static const std::set<std::string> kNames = {
      "main",  "begin",   "end",   "cbegin", "cend",  "rbegin", "rend", "size",
      "empty", "data",    "swap",  "hash",   "get",   "what",   "push_back", "emplace_back",
      "front", "back",    "clear", "insert", "erase", "find",   "reserve",   "value_type",
      "iterator", "const_iterator", "size_type", "difference_type", "pointer", "reference",
      "element_type", "key_type", "mapped_type", "allocator_type", "is_transparent",
      // std::optional, std::expected and std::unique_ptr, which result and handle types mimic
      "value", "has_value", "value_or", "error", "reset", "release"};
  return kNames;
}

bool IsTypeKind(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_ClassDecl:
    case CXCursor_StructDecl:
    case CXCursor_UnionDecl:
    case CXCursor_EnumDecl:
    case CXCursor_TypedefDecl:
    case CXCursor_TypeAliasDecl:
    case CXCursor_ClassTemplate:
    case CXCursor_TypeAliasTemplateDecl:
      return true;
    default:
      return false;
  }
}

bool InClass(CXCursor cursor) {
  const CXCursorKind parent = clang_getCursorKind(clang_getCursorSemanticParent(cursor));
  return parent == CXCursor_ClassDecl || parent == CXCursor_StructDecl ||
         parent == CXCursor_UnionDecl || parent == CXCursor_ClassTemplate ||
         parent == CXCursor_ClassTemplatePartialSpecialization;
}

// `const int`, `const char* const`, and arrays of const elements (`constexpr char kName[]`).
bool IsConstQualifiedVariable(CXCursor cursor) {
  CXType type = clang_getCursorType(cursor);
  for (int depth = 0; depth < 8 && clang_getArrayElementType(type).kind != CXType_Invalid;
       ++depth) {
    type = clang_getArrayElementType(type);
  }
  return clang_isConstQualifiedType(type) != 0;
}

// True when `constexpr` is written before the declaration's name.
bool WrittenConstexpr(CXCursor cursor, CXTranslationUnit tu) {
  const CXSourceRange before =
      clang_getRange(clang_getRangeStart(clang_getCursorExtent(cursor)), clang_getCursorLocation(cursor));
  libclang::Tokens tokens(tu, before);
  for (unsigned i = 0; i < tokens.size(); ++i) {
    if (tokens.Spelling(i) == "constexpr") return true;
  }
  return false;
}

// Enumerators, and const variables that are namespace-scope, class members, `static` or
// `constexpr`: the names style guides give a constant's spelling (a plain `const` local is a
// variable).
bool IsConstant(CXCursor cursor, CXTranslationUnit tu) {
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (kind == CXCursor_EnumConstantDecl) return true;
  if (kind != CXCursor_VarDecl || !IsConstQualifiedVariable(cursor)) return false;
  const CXCursorKind parent = clang_getCursorKind(clang_getCursorSemanticParent(cursor));
  return parent == CXCursor_Namespace || parent == CXCursor_TranslationUnit || InClass(cursor) ||
         clang_Cursor_getStorageClass(cursor) == CX_SC_Static || WrittenConstexpr(cursor, tu);
}

// True when the class declaring `method` has a data member named `name`, give or take an `m_`
// prefix or a trailing `_`.
bool NamesADataMember(CXCursor method, const std::string& name) {
  std::pair<const std::string*, bool> search{&name, false};
  clang_visitChildren(
      clang_getCursorSemanticParent(method),
      [](CXCursor child, CXCursor, CXClientData data) {
        auto* search = static_cast<std::pair<const std::string*, bool>*>(data);
        if (clang_getCursorKind(child) != CXCursor_FieldDecl) return CXChildVisit_Continue;
        const std::string field = libclang::TakeString(clang_getCursorSpelling(child));
        search->second = SplitAffixes(field, true).base == *search->first;
        return search->second ? CXChildVisit_Break : CXChildVisit_Continue;
      },
      &search);
  return search.second;
}

// A method that takes nothing and either only returns something (`int size() const { return
// n_; }`) or is named after a data member (`reason()` for `reason_`): style guides let such
// accessors be named like the data they expose.
bool IsAccessor(CXCursor method, const std::string& name) {
  if (clang_Cursor_getNumArguments(method) != 0) return false;
  if (NamesADataMember(method, name)) return true;
  if (!clang_isCursorDefinition(method)) return false;
  CXCursor body = FunctionBody(method);
  if (clang_Cursor_isNull(body)) return false;
  int statements = 0;
  bool returns = false;
  std::pair<int*, bool*> state{&statements, &returns};
  clang_visitChildren(
      body,
      [](CXCursor child, CXCursor, CXClientData data) {
        auto* state = static_cast<std::pair<int*, bool*>*>(data);
        ++*state->first;
        *state->second = clang_getCursorKind(child) == CXCursor_ReturnStmt;
        return CXChildVisit_Continue;
      },
      &state);
  return statements == 1 && returns;
}

bool OverridesSomething(CXCursor method) {
  CXCursor* overridden = nullptr;
  unsigned count = 0;
  clang_getOverriddenCursors(method, &overridden, &count);
  if (overridden != nullptr) clang_disposeOverriddenCursors(overridden);
  return count > 0;
}

// A function with C language linkage (extern "C"): libclang's USR for it carries no parameter
// types ("c:@F@name" rather than "c:@N@ns@F@name#I#").
bool HasCLinkage(CXCursor function) {
  const std::string usr = libclang::TakeString(clang_getCursorUSR(function));
  return usr.find('#') == std::string::npos;
}

// The kind of name `cursor` declares, or "" for declarations the rule leaves alone.
std::string_view NameKind(CXCursor cursor, CXTranslationUnit tu) {
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (kind == CXCursor_MacroDefinition) return "macros";
  if (kind == CXCursor_Namespace) return "namespaces";
  if (IsTypeKind(kind)) return "types";
  if (kind == CXCursor_FieldDecl) return "members";
  if (IsConstant(cursor, tu)) return "constants";
  if (kind == CXCursor_VarDecl || kind == CXCursor_ParmDecl) return "variables";
  if (kind == CXCursor_CXXMethod) return OverridesSomething(cursor) ? "" : "methods";
  if (kind == CXCursor_FunctionDecl) return HasCLinkage(cursor) ? "" : "functions";
  if (kind == CXCursor_FunctionTemplate) return InClass(cursor) ? "methods" : "functions";
  return "";
}

// An include guard: a macro with an empty body named like its header.
bool IsIncludeGuard(CXCursor macro, CXTranslationUnit tu, const std::string& name) {
  libclang::Tokens tokens(tu, clang_getCursorExtent(macro));
  if (tokens.size() > 1) return false;
  for (std::string_view tail : {"_H", "_H_", "_HPP", "_HPP_", "_HH", "_INCLUDED", "_INCLUDED_"}) {
    if (name.ends_with(tail)) return true;
  }
  return false;
}

// True when the name is spelled where the declaration says it is: a declaration written by a
// macro (TEST(Suite, Name) declaring Suite_Name_Test) has the macro's tokens there instead.
bool SpelledAtItsLocation(CXTranslationUnit tu, CXSourceLocation location,
                          const std::string& name) {
  CXFile file = nullptr;
  unsigned offset = 0;
  clang_getFileLocation(location, &file, nullptr, nullptr, &offset);
  if (file == nullptr) return false;
  const CXSourceLocation start = clang_getLocationForOffset(tu, file, offset);
  const CXSourceLocation end =
      clang_getLocationForOffset(tu, file, offset + static_cast<unsigned>(name.size()));
  libclang::Tokens tokens(tu, clang_getRange(start, end));
  return tokens.size() >= 1 && tokens.Spelling(0) == name;
}

struct Declaration {
  std::string kind;
  std::string name;
  std::string usr;
  std::string symbol;
  bool canonical = false;  // the first declaration the TU saw, as clang_getCanonicalCursor says
  bool defined = false;    // some TU saw its definition
  bool accessor = false;   // a method that takes nothing and only returns
  bool c_linkage = false;  // declared inside an extern "C" block somewhere: C's name
  core::Finding where;     // file, line, column, end

  // The place to report a name declared several times: a canonical declaration, then the first
  // in path order.
  bool ReportedBefore(const Declaration& other) const {
    return std::make_tuple(!canonical, where.file, where.line, where.column) <
           std::make_tuple(!other.canonical, other.where.file, other.where.line,
                           other.where.column);
  }
};

// Read by DecodeFact<Declaration>; throws on a missing key or a wrong type.
void from_json(const json& fact, Declaration& d) {
  d.kind = fact.at("kind").get<std::string>();
  d.name = fact.at("name").get<std::string>();
  d.usr = fact.at("usr").get<std::string>();
  d.symbol = fact.at("symbol").get<std::string>();
  d.canonical = fact.at("canonical").get<bool>();
  d.defined = fact.at("definition").get<bool>();
  d.accessor = fact.at("accessor").get<bool>();
  d.c_linkage = fact.at("c_linkage").get<bool>();
  d.where.file = fact.at("file").get<std::string>();
  d.where.line = fact.at("line").get<int>();
  d.where.column = fact.at("column").get<int>();
  d.where.end_line = d.where.line;
  d.where.end_column = d.where.column + static_cast<int>(d.name.size());
}

struct Convention {
  NamingStyle style = NamingStyle::kCamelCase;
  bool configured = false;
  int following = 0;  // declarations of the kind that follow it
  int total = 0;
};

// The most common style of `names` when it covers at least min_percent of them and there are
// min_declarations of them; ties go to the earlier style in AllNamingStyles().
std::optional<Convention> InferConvention(const std::vector<const Declaration*>& names,
                                          bool members, int min_declarations, int min_percent) {
  if (static_cast<int>(names.size()) < min_declarations) return std::nullopt;
  std::optional<Convention> best;
  for (NamingStyle style : AllNamingStyles()) {
    Convention candidate{style, false, 0, static_cast<int>(names.size())};
    for (const Declaration* d : names) {
      if (FollowsStyle(SplitAffixes(d->name, members).base, style)) ++candidate.following;
    }
    if (!best || candidate.following > best->following) best = candidate;
  }
  if (best->following * 100 < min_percent * best->total) return std::nullopt;
  return best;
}

}  // namespace

core::Result<std::unique_ptr<Rule>> NamingConsistency::Create(const json& options,
                                                              const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key,
                                       {"types", "functions", "methods", "variables", "members",
                                        "constants", "namespaces", "macros", "min_declarations",
                                        "min_percent", "ignore"}));
  auto rule = std::make_unique<NamingConsistency>();
  for (std::string_view kind : kKinds) {
    if (!options.is_object() || !options.contains(kind)) continue;
    const json& value = options.at(std::string(kind));
    std::optional<NamingStyle> style =
        value.is_string() ? ParseNamingStyle(value.get<std::string>()) : std::nullopt;
    if (!style) {
      return core::InvalidArgumentError(
          key + "." + std::string(kind) +
          ": expected one of \"CamelCase\", \"camelBack\", \"lower_case\", \"UPPER_CASE\", "
          "\"kCamelCase\"");
    }
    rule->configured_[std::string(kind)] = *style;
  }
  NOVA_ASSIGN_OR_RETURN(rule->min_declarations_,
                        PositiveIntOption(options, key, "min_declarations", 10));
  NOVA_ASSIGN_OR_RETURN(rule->min_percent_, PositiveIntOption(options, key, "min_percent", 60));
  if (rule->min_percent_ > 100) {
    return core::InvalidArgumentError(key + ".min_percent: expected at most 100");
  }
  rule->ignore_ = DefaultIgnored();
  if (options.is_object() && options.contains("ignore")) {
    const json& ignore = options.at("ignore");
    if (!ignore.is_array() ||
        !std::all_of(ignore.begin(), ignore.end(), [](const json& v) { return v.is_string(); })) {
      return core::InvalidArgumentError(key + ".ignore: expected an array of names");
    }
    for (const json& name : ignore) rule->ignore_.insert(name.get<std::string>());
  }
  return std::unique_ptr<Rule>(std::move(rule));
}

void NamingConsistency::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  (void)parent;
  if (IsExternCBlock(context.tu(), cursor)) {
    if (auto span = libclang::SpanOfExpansion(clang_getCursorExtent(cursor))) {
      c_blocks_.push_back(*span);
    }
    return;
  }
  const std::string_view kind = NameKind(cursor, context.tu());
  if (kind.empty()) return;
  if (clang_getCursorKind(cursor) != CXCursor_MacroDefinition &&
      !clang_Cursor_isNull(clang_getSpecializedCursorTemplate(cursor))) {
    return;  // a specialization's name is its template's
  }
  const std::string name = libclang::TakeString(clang_getCursorSpelling(cursor));
  if (name.empty() || name.starts_with("_") || name.starts_with("operator") || IsLibraryHook(name) ||
      name.find_first_of(" (<~") != std::string::npos) {
    return;  // unnamed, reserved, an operator, a library hook, a destructor or a lambda's class
  }
  const CXSourceLocation location = clang_getCursorLocation(cursor);
  const std::string& file = context.ReportableFile(location);
  if (file.empty() || !SpelledAtItsLocation(context.tu(), location, name)) return;
  if (kind == "macros" && IsIncludeGuard(cursor, context.tu(), name)) return;
  std::string usr = libclang::TakeString(clang_getCursorUSR(cursor));
  unsigned line = 0;
  unsigned column = 0;
  clang_getExpansionLocation(location, nullptr, &line, &column, nullptr);
  if (usr.empty()) usr = file + ":" + std::to_string(line) + ":" + std::to_string(column);
  context.AddFact(
      *this, json{{"kind", kind},
                  {"name", name},
                  {"usr", usr},
                  {"symbol", libclang::EnclosingSymbol(cursor)},
                  {"definition", clang_isCursorDefinition(cursor) != 0},
                  {"c_linkage", InCBlock(location)},
                  {"accessor", kind == "methods" && IsAccessor(cursor, name)},
                  {"canonical", clang_equalCursors(cursor, clang_getCanonicalCursor(cursor)) != 0},
                  {"file", file},
                  {"line", line},
                  {"column", column}});
}

namespace {

// One declaration per USR, at its canonical place; defined and accessor if any fact says so.
std::map<std::string, Declaration> DeclarationsByUsr(const Rule::ProjectFacts& facts) {
  std::map<std::string, Declaration> by_usr;
  for (const json* unit : facts.units) {
    for (const json& fact : *unit) {
      core::Result<Declaration> d = DecodeFact<Declaration>(fact);
      NOVA_CHECK(d.ok());  // the engine passes only facts CheckFact accepted
      auto [it, inserted] = by_usr.try_emplace(d->usr, *d);
      if (inserted) continue;
      const bool defined = it->second.defined || d->defined;
      const bool accessor = it->second.accessor || d->accessor;
      const bool c_linkage = it->second.c_linkage || d->c_linkage;
      if (d->ReportedBefore(it->second)) it->second = std::move(*d);
      it->second.defined = defined;
      it->second.accessor = accessor;
      it->second.c_linkage = c_linkage;
    }
  }
  return by_usr;
}

// The configured style with its following among `names`, else the inferred one, if any.
std::optional<Convention> SettleConvention(const std::string& kind,
                                           const std::vector<const Declaration*>& names,
                                           std::optional<NamingStyle> configured,
                                           int min_declarations, int min_percent) {
  const bool members = kind == "members";
  if (!configured) return InferConvention(names, members, min_declarations, min_percent);
  Convention convention{*configured, true, 0, static_cast<int>(names.size())};
  for (const Declaration* d : names) {
    if (FollowsStyle(SplitAffixes(d->name, members).base, *configured)) ++convention.following;
  }
  return convention;
}

// An accessor named like the data it returns (the members' or variables' convention).
bool NamedLikeData(const Declaration& d, const std::map<std::string, Convention>& conventions) {
  if (!d.accessor) return false;
  for (const char* data_kind : {"members", "variables"}) {
    auto it = conventions.find(data_kind);
    if (it != conventions.end() && FollowsStyle(d.name, it->second.style)) return true;
  }
  return false;
}

// The finding for `d` when its name breaks `convention`, with what a rename needs.
std::optional<core::Finding> OutlierFinding(const Rule& rule, const std::string& kind,
                                            const Declaration& d, const Convention& convention) {
  const NameParts parts = SplitAffixes(d.name, kind == "members");
  if (FollowsStyle(parts.base, convention.style)) return std::nullopt;
  const std::string respelled = Respell(parts.base, convention.style);
  if (respelled.empty()) return std::nullopt;
  const std::string expected = parts.prefix + respelled + parts.suffix;
  const std::string style(NamingStyleName(convention.style));
  core::Finding finding = d.where;
  finding.rule = rule.id();
  finding.severity = core::Severity::kWarning;
  finding.snippet = d.name;
  finding.symbol = d.symbol;
  finding.message = std::string(KindNoun(kind)) + " '" + d.name + "' is not " + style +
                    (convention.configured
                         ? " as configured for " + kind
                         : " like " + std::to_string(convention.following) +
                               " of the project's " + std::to_string(convention.total) + " " +
                               kind) +
                    ": expected '" + expected + "'";
  json details = {{"kind", kind},         {"usr", d.usr},          {"name", d.name},
                  {"expected", expected}, {"convention", style}, {"configured", convention.configured}};
  // What `nova fix` needs to rename it in every unit (macros are not renamed by USR).
  if (kind != "macros") {
    details["rename"] = {{"usr", d.usr}, {"old_name", d.name}, {"new_name", expected}};
  }
  finding.details = details.dump();
  return finding;
}

}  // namespace

bool NamingConsistency::InCBlock(CXSourceLocation location) const {
  CXFile file = nullptr;
  unsigned offset = 0;
  clang_getExpansionLocation(location, &file, nullptr, nullptr, &offset);
  return std::any_of(c_blocks_.begin(), c_blocks_.end(), [&](const libclang::ExpansionSpan& b) {
    return clang_File_isEqual(b.file, file) && b.begin <= offset && offset < b.end;
  });
}

void NamingConsistency::EndTranslationUnit(RuleContext& context) {
  (void)context;
  c_blocks_.clear();
}

core::Status NamingConsistency::CheckFact(const json& fact) const {
  return DecodeFact<Declaration>(fact).status();
}

void NamingConsistency::AnalyzeProject(const ProjectFacts& facts,
                                       std::vector<core::Finding>& findings) {
  const std::map<std::string, Declaration> by_usr = DeclarationsByUsr(facts);
  // A type the project only declares (`struct git_repository;`) is named by someone else.
  std::map<std::string, std::vector<const Declaration*>> by_kind;
  for (const auto& [usr, d] : by_usr) {
    if (ignore_.count(d.name) > 0 || d.c_linkage || (d.kind == "types" && !d.defined)) continue;
    by_kind[d.kind].push_back(&d);
  }
  std::map<std::string, Convention> conventions;
  const auto settle = [&](const std::string& kind, const std::vector<const Declaration*>& names) {
    auto configured = configured_.find(kind);
    std::optional<Convention> convention = SettleConvention(
        kind, names,
        configured == configured_.end() ? std::nullopt : std::optional(configured->second),
        min_declarations_, min_percent_);
    if (convention) conventions[kind] = *convention;
  };
  for (const auto& [kind, names] : by_kind) {
    if (kind != "methods") settle(kind, names);
  }
  // Accessors named like data are neither judged nor counted for the methods' convention.
  if (auto methods = by_kind.find("methods"); methods != by_kind.end()) {
    std::erase_if(methods->second,
                  [&conventions](const Declaration* d) { return NamedLikeData(*d, conventions); });
    settle("methods", methods->second);
  }
  for (const auto& [kind, names] : by_kind) {
    auto convention = conventions.find(kind);
    if (convention == conventions.end()) continue;
    for (const Declaration* d : names) {
      if (auto finding = OutlierFinding(*this, kind, *d, convention->second)) {
        findings.push_back(std::move(*finding));
      }
    }
  }
}

}  // namespace nova::analyzers
