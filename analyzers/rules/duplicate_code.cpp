#include "analyzers/rules/duplicate_code.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"
#include "analyzers/rule_support/fact_decode.h"
#include "nova-core/check.h"
#include "nova-core/paths.h"

namespace nova::analyzers {
namespace {

using nlohmann::json;

// Normalized token symbols: every identifier is one symbol, every literal another; keywords and
// punctuation keep their spelling's hash (never 0, 1 or 2).
constexpr std::uint32_t kIdentifier = 1;
constexpr std::uint32_t kLiteral = 2;
constexpr std::uint64_t kHashBase = 1099511628211ULL;  // rolling hash multiplier (FNV prime)
// Bound: windows compared with one window of the same hash (a huge bucket is generated code).
constexpr std::size_t kMaxBucketCandidates = 64;
// Bound: other locations named in the message (the details list them all).
constexpr std::size_t kMaxLocationsInMessage = 5;

std::uint32_t SpellingSymbol(std::string_view spelling) {
  std::uint32_t hash = 2166136261u;
  for (char c : spelling) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash < 3 ? hash + 3 : hash;
}

// One function body as the project pass sees it.
struct Body {
  std::string file;
  unsigned offset = 0;  // of the body's `{` in the file: identifies the body
  std::string name;
  std::vector<std::uint32_t> symbols;
  std::vector<int> lines, columns, end_columns;  // of each token
};

// Read by DecodeFact<Body>; throws on a missing key or a wrong type.
void from_json(const json& fact, Body& body) {
  body.file = fact.at("file").get<std::string>();
  body.offset = fact.at("offset").get<unsigned>();
  body.name = fact.at("name").get<std::string>();
  body.symbols = fact.at("symbols").get<std::vector<std::uint32_t>>();
  body.lines = fact.at("lines").get<std::vector<int>>();
  body.columns = fact.at("columns").get<std::vector<int>>();
  body.end_columns = fact.at("end_columns").get<std::vector<int>>();
}

// A body fact, with its per-token arrays of one length.
core::Result<Body> BodyFromFact(const json& fact) {
  NOVA_ASSIGN_OR_RETURN(Body body, DecodeFact<Body>(fact));
  const std::size_t n = body.symbols.size();
  if (body.lines.size() != n || body.columns.size() != n || body.end_columns.size() != n) {
    return core::InvalidArgumentError("symbols, lines, columns and end_columns differ in length");
  }
  return body;
}

// A stretch of tokens [begin, begin + length) of one body.
struct Region {
  std::size_t body = 0;
  std::size_t begin = 0;
  std::size_t length = 0;
};

class CloneFinder {
 public:
  CloneFinder(std::vector<Body> bodies, std::size_t window)
      : bodies_(std::move(bodies)), window_(window) {
    covered_.resize(bodies_.size());
    for (std::size_t b = 0; b < bodies_.size(); ++b) {
      covered_[b].assign(bodies_[b].symbols.size(), false);
    }
  }

  // Every clone group: its regions, the first being where the search started.
  std::vector<std::vector<Region>> Find() {
    HashWindows();
    std::vector<std::vector<Region>> groups;
    for (std::size_t b = 0; b < bodies_.size(); ++b) {
      const std::size_t n = bodies_[b].symbols.size();
      for (std::size_t i = 0; n >= window_ && i + window_ <= n; ++i) {
        if (covered_[b][i]) continue;
        std::vector<Region> group = GroupAt(b, i);
        if (group.size() < 2) continue;
        for (const Region& region : group) Cover(region);
        groups.push_back(std::move(group));
      }
    }
    return groups;
  }

  const std::vector<Body>& bodies() const { return bodies_; }

 private:
  void HashWindows() {
    std::uint64_t top = 1;  // kHashBase^(window-1)
    for (std::size_t k = 1; k < window_; ++k) top *= kHashBase;
    hashes_.resize(bodies_.size());
    for (std::size_t b = 0; b < bodies_.size(); ++b) {
      const std::vector<std::uint32_t>& s = bodies_[b].symbols;
      if (s.size() < window_) continue;
      std::uint64_t hash = 0;
      for (std::size_t k = 0; k < window_; ++k) hash = hash * kHashBase + s[k];
      for (std::size_t i = 0;; ++i) {
        hashes_[b].push_back(hash);
        buckets_[hash].push_back({b, i, window_});
        if (i + window_ >= s.size()) break;
        hash = (hash - s[i] * top) * kHashBase + s[i + window_];
      }
    }
  }

  const std::uint32_t* At(const Region& r) const {
    return bodies_[r.body].symbols.data() + r.begin;
  }

  bool Overlap(const Region& a, const Region& b) const {
    return a.body == b.body && a.begin < b.begin + b.length && b.begin < a.begin + a.length;
  }

  // The start window at (b, i) and every verified match, each extended forward as far as it
  // equals the start (and, within one body, short of overlapping it).
  std::vector<Region> GroupAt(std::size_t b, std::size_t i) {
    const Region start{b, i, window_};
    std::vector<Region> group{start};
    const std::vector<Region>& bucket = buckets_[hashes_[b][i]];
    std::size_t compared = 0;
    for (const Region& candidate : bucket) {
      if (compared >= kMaxBucketCandidates) break;
      if (candidate.body == b && candidate.begin == i) continue;
      ++compared;
      if (Overlap(candidate, start) || !std::equal(At(start), At(start) + window_, At(candidate))) {
        continue;
      }
      Region match = candidate;
      const std::vector<std::uint32_t>& a = bodies_[b].symbols;
      const std::vector<std::uint32_t>& c = bodies_[match.body].symbols;
      std::size_t limit = std::min(a.size() - i, c.size() - match.begin);
      if (match.body == b)
        limit = std::min(limit, match.begin > i ? match.begin - i : i - match.begin);
      while (match.length < limit && a[i + match.length] == c[match.begin + match.length]) {
        ++match.length;
      }
      bool clash = false;
      for (const Region& taken : group) clash |= Overlap(taken, match);
      if (!clash) group.push_back(match);
    }
    for (std::size_t k = 1; k < group.size(); ++k) {
      group[0].length = std::max(group[0].length, group[k].length);
    }
    return group;
  }

  void Cover(const Region& r) {
    for (std::size_t k = r.begin; k + window_ <= r.begin + r.length; ++k)
      covered_[r.body][k] = true;
  }

  std::vector<Body> bodies_;
  std::size_t window_;
  std::vector<std::vector<std::uint64_t>> hashes_;
  std::unordered_map<std::uint64_t, std::vector<Region>> buckets_;
  std::vector<std::vector<bool>> covered_;  // start positions inside a reported region
};

struct Place {
  std::string file;  // absolute
  int line = 0, column = 0, end_line = 0, end_column = 0;
  std::string function;
  friend bool operator<(const Place& a, const Place& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  }
};

Place PlaceOf(const Body& body, const Region& r) {
  const std::size_t last = r.begin + r.length - 1;
  return {body.file,        body.lines[r.begin],    body.columns[r.begin],
          body.lines[last], body.end_columns[last], body.name};
}

core::Finding GroupFinding(const Rule& rule, std::vector<Place> places, std::size_t tokens,
                           const std::filesystem::path& root) {
  std::sort(places.begin(), places.end());
  const Place& primary = places.front();
  std::string others;
  json locations = json::array();
  for (std::size_t k = 0; k < places.size(); ++k) {
    const std::string relative = core::PathBelowRoot(places[k].file, root);
    locations.push_back({{"file", relative},
                         {"line", places[k].line},
                         {"end_line", places[k].end_line},
                         {"function", places[k].function}});
    if (k == 0) continue;
    if (k <= kMaxLocationsInMessage) {
      others += (k > 1 ? ", " : "") + relative + ":" + std::to_string(places[k].line);
    } else if (k == kMaxLocationsInMessage + 1) {
      others += ", and " + std::to_string(places.size() - 1 - kMaxLocationsInMessage) + " more";
    }
  }
  const std::size_t count = places.size() - 1;
  core::Finding finding;
  finding.rule = rule.id();
  finding.severity = core::Severity::kWarning;
  finding.file = primary.file;
  finding.line = primary.line;
  finding.column = primary.column;
  finding.end_line = primary.end_line;
  finding.end_column = primary.end_column;
  finding.message = "function body lines " + std::to_string(primary.line) + "-" +
                    std::to_string(primary.end_line) + " duplicates " + std::to_string(count) +
                    " other place" + (count == 1 ? "" : "s") + ": " + others;
  finding.snippet = primary.function;
  finding.details = json{{"tokens", tokens}, {"locations", locations}}.dump();
  return finding;
}

}  // namespace

core::Result<std::unique_ptr<Rule>> DuplicateCode::Create(const nlohmann::json& options,
                                                          const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {"min_tokens"}));
  NOVA_ASSIGN_OR_RETURN(int min_tokens,
                        PositiveIntOption(options, key, "min_tokens", kDefaultMinTokens));
  return std::unique_ptr<Rule>(std::make_unique<DuplicateCode>(min_tokens));
}

void DuplicateCode::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  (void)parent;
  if (!IsFunctionKind(clang_getCursorKind(cursor)) || !clang_isCursorDefinition(cursor)) return;
  CXCursor body_cursor = FunctionBody(cursor);
  if (clang_Cursor_isNull(body_cursor)) return;
  // A body written by a macro has no file range of its own; Locate also drops system headers
  // and files outside the project.
  std::optional<FileRange> range = context.Locate(clang_getCursorExtent(body_cursor));
  if (!range) return;
  if (range->file == last_file_ && range->offset < last_end_) return;  // nested in the last body
  CXFile file = clang_getFile(context.tu(), range->file.c_str());
  if (file == nullptr) return;
  libclang::Tokens tokens(
      context.tu(),
      clang_getRange(clang_getLocationForOffset(context.tu(), file, range->offset),
                     clang_getLocationForOffset(context.tu(), file, range->end_offset)));
  if (tokens.size() < static_cast<unsigned>(min_tokens_)) return;
  last_file_ = range->file;
  last_end_ = range->end_offset;

  json symbols = json::array(), lines = json::array(), columns = json::array(),
       end_columns = json::array();
  for (unsigned k = 0; k < tokens.size(); ++k) {
    const CXTokenKind kind = tokens.Kind(k);
    if (kind == CXToken_Comment) continue;
    std::uint32_t symbol = kind == CXToken_Identifier ? kIdentifier
                           : kind == CXToken_Literal  ? kLiteral
                                                      : SpellingSymbol(tokens.Spelling(k));
    CXSourceRange extent = tokens.Extent(k);
    unsigned line = 0, column = 0, end_column = 0;
    clang_getExpansionLocation(clang_getRangeStart(extent), nullptr, &line, &column, nullptr);
    clang_getExpansionLocation(clang_getRangeEnd(extent), nullptr, nullptr, &end_column, nullptr);
    symbols.push_back(symbol);
    lines.push_back(line);
    columns.push_back(column);
    end_columns.push_back(end_column);
  }
  context.AddFact(*this, {{"file", range->file},
                          {"offset", range->offset},
                          {"name", libclang::TakeString(clang_getCursorSpelling(cursor))},
                          {"symbols", std::move(symbols)},
                          {"lines", std::move(lines)},
                          {"columns", std::move(columns)},
                          {"end_columns", std::move(end_columns)}});
}

void DuplicateCode::EndTranslationUnit(RuleContext& context) {
  (void)context;
  last_file_.clear();
  last_end_ = 0;
}

core::Status DuplicateCode::CheckFact(const json& fact) const {
  return BodyFromFact(fact).status();
}

void DuplicateCode::AnalyzeProject(const ProjectFacts& facts,
                                   std::vector<core::Finding>& findings) {
  // Each body once, in (file, offset) order, whichever TU described it.
  std::map<std::pair<std::string, unsigned>, Body> unique;
  for (const json* unit : facts.units) {
    for (const json& fact : *unit) {
      core::Result<Body> body = BodyFromFact(fact);
      NOVA_CHECK(body.ok());  // the engine passes only facts CheckFact accepted
      unique.try_emplace({body->file, body->offset}, std::move(*body));
    }
  }
  std::vector<Body> bodies;
  for (auto& [key, body] : unique) bodies.push_back(std::move(body));
  CloneFinder finder(std::move(bodies), static_cast<std::size_t>(min_tokens_));
  for (const std::vector<Region>& group : finder.Find()) {
    std::vector<Place> places;
    for (const Region& region : group)
      places.push_back(PlaceOf(finder.bodies()[region.body], region));
    findings.push_back(GroupFinding(*this, std::move(places), group.front().length, facts.root));
  }
}

}  // namespace nova::analyzers
