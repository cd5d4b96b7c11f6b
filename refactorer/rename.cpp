#include "refactorer/rename.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "analyzers/libclang/handles.h"
#include "analyzers/libclang/parse.h"
#include "nova-core/worker_pool.h"
#include "nova-core/file_io.h"

namespace nova::refactorer {
namespace {

namespace lc = analyzers::libclang;

constexpr char kGlobalScope[] = "<global>";

std::string Canonical(const std::string& path) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

std::string Usr(CXCursor cursor) { return lc::TakeString(clang_getCursorUSR(cursor)); }
std::string Spelling(CXCursor cursor) { return lc::TakeString(clang_getCursorSpelling(cursor)); }
// The identifier a declaration is named by: a destructor's `~Name` is named Name, and a class
// template's constructor, spelled `Name<T>` by libclang, is named Name.
std::string NameOf(CXCursor cursor) {
  std::string spelling = Spelling(cursor);
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (kind != CXCursor_Constructor && kind != CXCursor_Destructor) return spelling;
  if (spelling.starts_with('~')) spelling.erase(0, 1);
  return spelling.substr(0, spelling.find('<'));
}

// Where the name's characters are: the spelling location, so a use written as a macro's
// argument is found where it is written.
struct Place {
  std::string file;  // canonical; empty when not in a file
  std::uint64_t offset = 0;
  friend auto operator<=>(const Place&, const Place&) = default;
};

Place PlaceOf(CXCursor cursor) {
  CXFile file = nullptr;
  unsigned offset = 0;
  clang_getSpellingLocation(clang_getCursorLocation(cursor), &file, nullptr, nullptr, &offset);
  if (file == nullptr) return {};
  return {Canonical(lc::TakeString(clang_getFileName(file))), offset};
}

// The scopes around a declaration, innermost first: the USR (else the spelling) of each semantic
// parent up to the translation unit, then kGlobalScope. Bounded by kMaxScopeDepth.
constexpr int kMaxScopeDepth = 64;
std::vector<std::string> ScopeChain(CXCursor declaration) {
  std::vector<std::string> chain;
  CXCursor scope = clang_getCursorSemanticParent(declaration);
  for (int depth = 0; depth < kMaxScopeDepth; ++depth) {
    if (clang_Cursor_isNull(scope) || clang_getCursorKind(scope) == CXCursor_TranslationUnit) break;
    std::string usr = Usr(scope);
    chain.push_back(usr.empty() ? Spelling(scope) : usr);
    scope = clang_getCursorSemanticParent(scope);
  }
  chain.push_back(kGlobalScope);
  return chain;
}

// What one pass over every unit learns about the two names.
struct Facts {
  std::string old_name;
  std::string new_name;
  std::set<std::pair<std::string, Place>> occurrences;     // (USR named, where its name is)
  std::map<std::string, std::set<std::string>> overrides;  // method USR -> USRs it overrides
  // Old-name declaration USR -> the scope chains (ScopeChain) of its declarations.
  std::map<std::string, std::set<std::vector<std::string>>> scopes;
  // New-name declaration USR -> the scope chain of its first declaration seen.
  std::map<std::string, std::vector<std::string>> new_name_scopes;
  // Class (or class template) USR -> its constructors' and destructor's USRs: they carry the
  // class's name, so they are renamed with it.
  std::map<std::string, std::set<std::string>> structors = {};
  // Where the old name is written as a member access libclang cannot resolve (a member of a
  // dependent type in a template): whether it is a use is unknown.
  std::set<std::pair<std::string, unsigned>> unresolved = {};  // (canonical file, line)
};

void RecordDeclaration(CXCursor cursor, const std::string& spelling, Facts& facts) {
  if (spelling == facts.new_name) {
    facts.new_name_scopes.emplace(Usr(cursor), ScopeChain(cursor));
    return;
  }
  if (spelling != facts.old_name) return;
  const std::string usr = Usr(cursor);
  facts.occurrences.insert({usr, PlaceOf(cursor)});
  facts.scopes[usr].insert(ScopeChain(cursor));
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (kind == CXCursor_Constructor || kind == CXCursor_Destructor) {
    facts.structors[Usr(clang_getCursorSemanticParent(cursor))].insert(usr);
  }
  CXCursor* overridden = nullptr;
  unsigned count = 0;
  clang_getOverriddenCursors(cursor, &overridden, &count);
  for (unsigned i = 0; i < count; ++i) facts.overrides[usr].insert(Usr(overridden[i]));
  clang_disposeOverriddenCursors(overridden);
}

// The facts of several requests at once, looked up by the names they care about, so one pass
// over the units serves them all.
struct FactsByName {
  std::map<std::string, std::vector<Facts*>> by_old_name;
  std::map<std::string, std::vector<Facts*>> by_new_name;
};

// The USR a use of `declaration` counts under: a member of a class template's instantiation
// (List<int>::count_all, c:@S@List>#I@F@count_all#) as the template's own member
// (c:@ST>1#T@List@F@count_all#), a function template's specialization as the template.
std::string PatternUsr(CXCursor declaration) {
  const std::string usr = Usr(declaration);
  CXCursor parent = clang_getCursorSemanticParent(declaration);
  if (!clang_Cursor_isNull(parent)) {
    CXCursor pattern = clang_getSpecializedCursorTemplate(parent);
    const std::string parent_usr = Usr(parent);
    if (!clang_Cursor_isNull(pattern) && !parent_usr.empty() && usr.starts_with(parent_usr)) {
      return Usr(pattern) + usr.substr(parent_usr.size());
    }
  }
  CXCursor pattern = clang_getSpecializedCursorTemplate(declaration);
  return clang_Cursor_isNull(pattern) ? usr : Usr(pattern);
}

// A member access naming nothing libclang resolved: its member is the last identifier written.
void RecordUnresolvedMember(CXCursor cursor, const FactsByName& all) {
  lc::Tokens tokens(clang_Cursor_getTranslationUnit(cursor), clang_getCursorExtent(cursor));
  for (unsigned i = tokens.size(); i-- > 0;) {
    if (tokens.Kind(i) != CXToken_Identifier) continue;
    auto it = all.by_old_name.find(tokens.Spelling(i));
    if (it == all.by_old_name.end()) return;
    CXFile file = nullptr;
    unsigned line = 0;
    clang_getSpellingLocation(clang_getRangeStart(tokens.Extent(i)), &file, &line, nullptr,
                              nullptr);
    if (file == nullptr) return;
    const std::string path = Canonical(lc::TakeString(clang_getFileName(file)));
    for (Facts* facts : it->second) facts->unresolved.insert({path, line});
    return;
  }
}

CXChildVisitResult Visit(CXCursor cursor, CXCursor, CXClientData data) {
  const FactsByName& all = *static_cast<FactsByName*>(data);
  if (clang_Location_isInSystemHeader(clang_getCursorLocation(cursor)))
    return CXChildVisit_Continue;
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (clang_isDeclaration(kind)) {
    const std::string spelling = NameOf(cursor);
    for (const auto* names : {&all.by_old_name, &all.by_new_name}) {
      if (auto it = names->find(spelling); it != names->end()) {
        for (Facts* facts : it->second) RecordDeclaration(cursor, spelling, *facts);
      }
    }
  } else if (clang_isReference(kind) || clang_isExpression(kind)) {
    CXCursor referenced = clang_getCursorReferenced(cursor);
    if (clang_Cursor_isNull(referenced)) {
      if (kind == CXCursor_MemberRefExpr) RecordUnresolvedMember(cursor, all);
      return CXChildVisit_Recurse;
    }
    auto it = all.by_old_name.find(NameOf(referenced));
    if (it == all.by_old_name.end()) return CXChildVisit_Recurse;
    const std::string usr = PatternUsr(referenced);
    const Place place = PlaceOf(cursor);
    for (Facts* facts : it->second) facts->occurrences.insert({usr, place});
  }
  return CXChildVisit_Recurse;
}

// The target and every method connected to it by overriding, in either direction.
std::set<std::string> Family(const std::string& usr, const Facts& facts) {
  std::map<std::string, std::set<std::string>> edges;
  for (const auto& [method, bases] : facts.overrides) {
    for (const std::string& base : bases) {
      edges[method].insert(base);
      edges[base].insert(method);
    }
  }
  std::set<std::string> family{usr};
  std::vector<std::string> todo{usr};
  while (!todo.empty()) {  // bounded: each USR enters `todo` once
    const std::string next = todo.back();
    todo.pop_back();
    for (const std::string& other : edges[next]) {
      if (family.insert(other).second) todo.push_back(other);
    }
  }
  if (auto structors = facts.structors.find(usr); structors != facts.structors.end()) {
    family.insert(structors->second.begin(), structors->second.end());
  }
  return family;
}

bool IsIdentifier(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// The content a unit was parsed with: the overlay's, else the disk's.
class Contents {
 public:
  explicit Contents(const std::map<std::string, std::string>& overlay) : overlay_(overlay) {}
  const std::string* Get(const std::string& path) {
    if (auto it = overlay_.find(path); it != overlay_.end()) return &it->second;
    auto [it, inserted] = read_.try_emplace(path);
    if (inserted) {
      auto text = core::ReadWholeFile(path);
      it->second = text.ok() ? *text : "";
    }
    return &it->second;
  }

 private:
  const std::map<std::string, std::string>& overlay_;
  std::map<std::string, std::string> read_;
};

// True when `name` is spelled at `offset` as a whole identifier.
bool SpelledAt(const std::string& content, std::uint64_t offset, const std::string& name) {
  if (offset + name.size() > content.size() || content.compare(offset, name.size(), name) != 0) {
    return false;
  }
  const std::uint64_t end = offset + name.size();
  return end == content.size() ||
         !(std::isalnum(static_cast<unsigned char>(content[end])) || content[end] == '_');
}

bool Contains(const std::vector<std::string>& chain, const std::string& scope) {
  return std::find(chain.begin(), chain.end(), scope) != chain.end();
}

// Why the new name may not be given, or "". Refused when a declaration of the new name lies on
// the same scope chain as a renamed declaration: in its scope (a clash), in an enclosing scope
// (the renamed name would hide it, e.g. a method `status` -> `Status` inside a namespace with a
// type `Status`, or a template parameter), or in a nested scope (the new name would hide the
// renamed one there). Conservative: such a rename is refused even where no use would change.
// Where `name` is spelled for an occurrence at `offset`: there, or after a destructor's `~` (and
// any blanks); nullopt when it is not.
std::optional<std::uint64_t> NameOffset(const std::string& content, std::uint64_t offset,
                                        const std::string& name) {
  if (SpelledAt(content, offset, name)) return offset;
  if (offset >= content.size() || content[offset] != '~') return std::nullopt;
  std::uint64_t after = offset + 1;
  while (after < content.size() && std::isspace(static_cast<unsigned char>(content[after]))) {
    ++after;
  }
  if (SpelledAt(content, after, name)) return after;
  return std::nullopt;
}

std::string Refusal(const RenameRequest& request, const Facts& facts,
                    const std::set<std::string>& family) {
  if (!facts.unresolved.empty()) {
    const auto& [file, line] = *facts.unresolved.begin();
    return "'" + request.old_name + "' is also written at " + file + ":" + std::to_string(line) +
           " where libclang cannot tell what it names (a member of a dependent type in a "
           "template), so not every use could be renamed";
  }
  for (const std::string& usr : family) {
    auto scopes = facts.scopes.find(usr);
    if (scopes == facts.scopes.end()) continue;
    for (const std::vector<std::string>& chain : scopes->second) {
      const std::string& own = chain.front();
      for (const auto& [other, other_chain] : facts.new_name_scopes) {
        const std::string& other_own = other_chain.front();
        if (other_own == own) {
          return "'" + request.new_name + "' already names a declaration (" + other +
                 ") in the scope of " + request.old_name + " (" + own + ")";
        }
        if (Contains(chain, other_own)) {
          return "'" + request.new_name + "' would hide the declaration " + other +
                 " of an enclosing scope (" + other_own + ") inside the scope of " +
                 request.old_name + " (" + own + ")";
        }
        if (Contains(other_chain, own)) {
          return "'" + request.new_name + "' is declared (" + other +
                 ") in a scope nested in that of " + request.old_name + " (" + own +
                 "), where it would hide the renamed name";
        }
      }
    }
  }
  return "";
}

}  // namespace

core::Result<RenamePlan> PlanRename(const std::vector<lc::CompileCommand>& units,
                                    const std::map<std::string, std::string>& overlay,
                                    const std::filesystem::path& project_root,
                                    const RenameRequest& request) {
  NOVA_ASSIGN_OR_RETURN(std::vector<core::Result<RenamePlan>> plans,
                        PlanRenames(units, overlay, project_root, {request}));
  return std::move(plans.front());
}

namespace {

RenamePlan PlanFromFacts(const RenameRequest& request, const Facts& facts,
                         const std::string& root, Contents& contents) {
  RenamePlan plan;
  const std::set<std::string> family = Family(request.usr, facts);
  plan.usrs.assign(family.begin(), family.end());
  plan.refused = Refusal(request, facts, family);
  if (!plan.refused.empty()) return plan;
  std::set<core::Edit> edits;
  for (const auto& [usr, place] : facts.occurrences) {
    if (!family.contains(usr) || place.file.empty()) continue;
    // A cursor whose location is not the name (a call's, a cast's) is no occurrence.
    const std::optional<std::uint64_t> offset =
        NameOffset(*contents.Get(place.file), place.offset, request.old_name);
    if (!offset) continue;
    const std::filesystem::path relative =
        std::filesystem::path(place.file).lexically_relative(root);
    if (relative.empty() || relative.begin()->string() == "..") {
      plan.refused =
          request.old_name + " is declared or used outside the project, in " + place.file;
      return plan;
    }
    edits.insert({place.file, *offset, request.old_name.size(), request.new_name});
  }
  plan.edits.assign(edits.begin(), edits.end());
  return plan;
}

}  // namespace

namespace {

// Adds what `from` learned to `into`: every member is a union, so the order units were parsed in
// does not matter.
void MergeFacts(Facts&& from, Facts& into) {
  into.occurrences.merge(from.occurrences);
  for (auto& [usr, bases] : from.overrides) into.overrides[usr].merge(bases);
  for (auto& [usr, chains] : from.scopes) into.scopes[usr].merge(chains);
  for (auto& [usr, chain] : from.new_name_scopes)
    into.new_name_scopes.emplace(usr, std::move(chain));
  for (auto& [usr, structors] : from.structors) into.structors[usr].merge(structors);
  into.unresolved.merge(from.unresolved);
}

// One worker's own facts for every request, and the lookup tables pointing into them.
struct WorkerFacts {
  std::vector<Facts> facts;
  FactsByName by_name;
};

}  // namespace

namespace {

// A fresh WorkerFacts for the requests whose `wanted` flag is set: empty copies of `facts`
// (each carrying its request's names) and the lookup tables pointing into them.
std::unique_ptr<WorkerFacts> MakeWorkerFacts(const std::vector<Facts>& facts,
                                             const std::vector<bool>& wanted) {
  auto mine = std::make_unique<WorkerFacts>();
  mine->facts = facts;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    if (!wanted[i]) continue;
    mine->by_name.by_old_name[facts[i].old_name].push_back(&mine->facts[i]);
    mine->by_name.by_new_name[facts[i].new_name].push_back(&mine->facts[i]);
  }
  return mine;
}

// Parses every unit on `jobs` workers, each recording into facts of its own, then merges them
// into `facts`. The error of the first unit in database order that cannot be parsed, or the
// cancellation's reason.
core::Status CollectFacts(const std::vector<lc::CompileCommand>& units,
                          const std::map<std::string, std::string>& overlay, int jobs,
                          const core::WorkHooks& hooks, const std::vector<bool>& wanted,
                          std::vector<Facts>& facts) {
  std::mutex mutex;  // guards `workers`, `failure` and progress
  std::vector<std::unique_ptr<WorkerFacts>> workers;
  std::optional<std::pair<std::size_t, core::Status>> failure;
  NOVA_RETURN_IF_ERROR(core::RunWorkers(
      core::ResolveJobs(jobs), units.size(), [&]() -> core::WorkerTask {
        std::unique_ptr<WorkerFacts> mine = MakeWorkerFacts(facts, wanted);
        WorkerFacts* own = mine.get();
        {
          std::lock_guard<std::mutex> lock(mutex);
          workers.push_back(std::move(mine));
        }
        auto index = std::make_shared<lc::IndexHandle>(lc::CreateIndex());
        return [&, own, index](std::size_t item) {
          if (hooks.Cancelled()) return;
          auto parsed = lc::ParseTranslationUnit(index->get(), units[item], overlay);
          if (parsed.ok()) {
            clang_visitChildren(clang_getTranslationUnitCursor(parsed->tu.get()), &Visit,
                                &own->by_name);
          }
          std::lock_guard<std::mutex> lock(mutex);
          hooks.Progress("rename: parsed " + units[item].file.string());
          // The first unit in database order that fails, whichever worker saw it first.
          if (!parsed.ok() && (!failure || item < failure->first)) {
            failure.emplace(item, parsed.status().WithContext("while renaming"));
          }
        };
      }));
  if (hooks.Cancelled()) return hooks.CancelReason();
  if (failure) return failure->second;
  for (std::unique_ptr<WorkerFacts>& worker : workers) {
    for (std::size_t i = 0; i < facts.size(); ++i) {
      if (wanted[i]) MergeFacts(std::move(worker->facts[i]), facts[i]);
    }
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<std::vector<core::Result<RenamePlan>>> PlanRenames(
    const std::vector<lc::CompileCommand>& units, const std::map<std::string, std::string>& overlay,
    const std::filesystem::path& project_root, const std::vector<RenameRequest>& requests, int jobs,
    const core::WorkHooks& hooks) {
  std::vector<core::Result<RenamePlan>> plans(requests.size(), RenamePlan{});
  std::vector<Facts> facts(requests.size());
  std::vector<bool> wanted(requests.size(), false);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const RenameRequest& request = requests[i];
    if (!IsIdentifier(request.new_name) || request.new_name == request.old_name) {
      plans[i] = core::InvalidArgumentError("cannot rename " + request.old_name + " to '" +
                                            request.new_name + "': not a new identifier");
      continue;
    }
    facts[i] = Facts{request.old_name, request.new_name, {}, {}, {}, {}, {}, {}};
    wanted[i] = true;
  }
  if (std::find(wanted.begin(), wanted.end(), true) == wanted.end()) return plans;
  NOVA_RETURN_IF_ERROR(CollectFacts(units, overlay, jobs, hooks, wanted, facts));
  const std::string root = Canonical(project_root.string());
  Contents contents(overlay);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (wanted[i]) plans[i] = PlanFromFacts(requests[i], facts[i], root, contents);
  }
  return plans;
}

core::Result<std::string> UsrAt(const std::vector<lc::CompileCommand>& units,
                                const std::map<std::string, std::string>& overlay,
                                const std::filesystem::path& file, int line, int column) {
  const std::string wanted = Canonical(file.string());
  lc::IndexHandle index = lc::CreateIndex();
  for (const lc::CompileCommand& unit : units) {
    auto parsed = lc::ParseTranslationUnit(index.get(), unit, overlay);
    if (!parsed.ok()) continue;
    CXFile cx_file = clang_getFile(parsed->tu.get(), wanted.c_str());
    if (cx_file == nullptr) continue;
    CXSourceLocation location = clang_getLocation(
        parsed->tu.get(), cx_file, static_cast<unsigned>(line), static_cast<unsigned>(column));
    CXCursor cursor = clang_getCursor(parsed->tu.get(), location);
    CXCursor declaration = clang_isDeclaration(clang_getCursorKind(cursor))
                               ? cursor
                               : clang_getCursorReferenced(cursor);
    if (clang_Cursor_isNull(declaration)) continue;
    std::string usr = Usr(declaration);
    if (!usr.empty()) return usr;
  }
  return core::NotFoundError("no declaration at " + wanted + ":" + std::to_string(line) + ":" +
                             std::to_string(column));
}

}  // namespace nova::refactorer
