#include "analyzers/rules/stale_todo.h"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "analyzers/cache/build_identity.h"
#include "analyzers/libclang/file_tokens.h"
#include "analyzers/rule_options.h"
#include "analyzers/rule_support/fact_decode.h"
#include "analyzers/rule_support/line_dater.h"
#include "nova-core/check.h"
#include "nova-core/git/repository.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

bool IsMarker(std::string_view word) {
  return word == "TODO" || word == "FIXME" || word == "HACK" || word == "XXX";
}

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// What the comment says after the marker on its line: "TODO: fix this */" -> "fix this".
std::string TextAfter(std::string_view rest) {
  rest = rest.substr(0, rest.find('\n'));
  rest = TrimSpace(rest);
  if (rest.ends_with("*/")) rest.remove_suffix(2);
  while (!rest.empty() && (rest.front() == ':' || rest.front() == '-')) rest.remove_prefix(1);
  return std::string(TrimSpace(rest));
}

// Records a fact for the first marker on each line of the comment token `token`.
void NoteComment(const Rule& rule, const libclang::FileToken& token, std::string_view content,
                 const std::string& path, RuleContext& context) {
  const std::string_view comment = content.substr(token.begin, token.end - token.begin);
  std::size_t i = 0;
  while (i < comment.size()) {
    if (!std::isupper(static_cast<unsigned char>(comment[i])) ||
        (i > 0 && IsWordChar(comment[i - 1]))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < comment.size() && IsWordChar(comment[end])) ++end;
    const std::string_view word = comment.substr(i, end - i);
    if (!IsMarker(word)) {
      i = end;
      continue;
    }
    const std::size_t offset = token.begin + i;
    const std::size_t line_start = content.rfind('\n', offset == 0 ? 0 : offset - 1);
    const std::size_t column = line_start == std::string_view::npos || offset == 0
                                   ? offset + 1
                                   : offset - line_start;
    std::size_t line = 1;
    for (std::size_t k = 0; k < offset; ++k) line += content[k] == '\n' ? 1 : 0;
    context.AddFact(rule, {{"file", path},
                           {"line", line},
                           {"column", column},
                           {"marker", word},
                           {"text", TextAfter(comment.substr(end))}});
    const std::size_t newline = comment.find('\n', end);
    i = newline == std::string_view::npos ? comment.size() : newline + 1;
  }
}

struct Marker {
  int line = 0;
  int column = 0;
  std::string marker;
  std::string text;
};

// A marker fact: the file it is in, and the marker.
struct MarkerFact {
  std::string file;
  Marker marker;
};

// Read by DecodeFact<MarkerFact>; throws on a missing key or a wrong type.
void from_json(const json& fact, MarkerFact& read) {
  read.file = fact.at("file").get<std::string>();
  read.marker = {fact.at("line").get<int>(), fact.at("column").get<int>(),
                 fact.at("marker").get<std::string>(), fact.at("text").get<std::string>()};
}

core::Finding StaleFinding(const Rule& rule, const std::string& file, const Marker& marker,
                           const core::git::BlameLine& blame, std::int64_t days) {
  core::Finding finding;
  finding.rule = rule.id();
  finding.severity = core::Severity::kNote;
  finding.file = file;
  finding.line = finding.end_line = marker.line;
  finding.column = marker.column;
  finding.end_column = marker.column + static_cast<int>(marker.marker.size());
  finding.message = marker.marker + " from " + std::to_string(days) + " days ago by " +
                    (blame.author.empty() ? std::string("an unknown author") : blame.author) +
                    (marker.text.empty() ? "" : ": " + marker.text);
  finding.snippet = marker.marker + (marker.text.empty() ? "" : ": " + marker.text);
  finding.details = json{{"marker", marker.marker},
                         {"age_days", days},
                         {"author", blame.author},
                         {"commit_time", blame.time}}
                        .dump();
  return finding;
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

core::Result<std::unique_ptr<Rule>> StaleTodo::Create(const nlohmann::json& options,
                                                      const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {"max_age_days"}));
  NOVA_ASSIGN_OR_RETURN(int max_age_days,
                        NonNegativeIntOption(options, key, "max_age_days", kDefaultMaxAgeDays));
  return std::unique_ptr<Rule>(std::make_unique<StaleTodo>(max_age_days));
}

void StaleTodo::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  (void)cursor;
  (void)parent;
  (void)context;
}

void StaleTodo::EndTranslationUnit(RuleContext& context) {
  std::vector<CXFile> files;
  clang_getInclusions(
      context.tu(),
      [](CXFile file, CXSourceLocation*, unsigned, CXClientData data) {
        static_cast<std::vector<CXFile>*>(data)->push_back(file);
      },
      &files);
  std::vector<std::string> seen;  // each file once, also when included twice
  for (CXFile file : files) {
    const std::string& path =
        context.ReportableFile(clang_getLocationForOffset(context.tu(), file, 0));
    if (path.empty() || std::find(seen.begin(), seen.end(), path) != seen.end()) continue;
    seen.push_back(path);
    std::size_t size = 0;
    if (clang_getFileContents(context.tu(), file, &size) == nullptr || size == 0) continue;
    std::optional<libclang::FileTokens> tokens = libclang::TokensOfExpansion(
        context.tu(), clang_getRange(clang_getLocationForOffset(context.tu(), file, 0),
                                     clang_getLocationForOffset(context.tu(), file,
                                                                static_cast<unsigned>(size))));
    if (!tokens) continue;
    for (const libclang::FileToken& token : tokens->tokens) {
      if (token.kind == CXToken_Comment) NoteComment(*this, token, tokens->content, path, context);
    }
  }
}

core::Status StaleTodo::CheckFact(const json& fact) const {
  return DecodeFact<MarkerFact>(fact).status();
}

void StaleTodo::AnalyzeProject(const ProjectFacts& facts, std::vector<core::Finding>& findings) {
  // file -> (line, column) -> marker: the same place described by two TUs counts once.
  std::map<std::string, std::map<std::pair<int, int>, Marker>> by_file;
  for (const json* unit : facts.units) {
    for (const json& fact : *unit) {
      core::Result<MarkerFact> read = DecodeFact<MarkerFact>(fact);
      NOVA_CHECK(read.ok());  // the engine passes only facts CheckFact accepted
      by_file[read->file][{read->marker.line, read->marker.column}] = read->marker;
    }
  }
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  LineDater dater(facts.cache_dir.empty()
                      ? std::nullopt
                      : std::optional(BlameCache(facts.cache_dir / id(), BuildIdentity())));
  for (const auto& [file, markers] : by_file) {
    std::optional<std::string> content = ReadWholeFile(file);
    if (!content) {
      ReportProjectProblem(file, id() + ": cannot read the file to date its " +
                                     std::to_string(markers.size()) + " marker(s)");
      continue;
    }
    std::set<int> marker_lines;
    for (const auto& [position, marker] : markers) marker_lines.insert(marker.line);
    core::Result<std::map<int, core::git::BlameLine>> lines =
        dater.Date(file, *content, marker_lines);
    if (!lines.ok()) {
      // Outside a repository, untracked, no commit yet: no history by design, nothing is known
      // to be stale. Any other failure is the run's problem.
      if (lines.status().code() != core::StatusCode::kNotFound) {
        ReportProjectProblem(file, id() + ": git blame failed, " + std::to_string(markers.size()) +
                                       " marker(s) not dated: " + lines.status().ToString());
      }
      continue;
    }
    for (const auto& [position, marker] : markers) {
      auto dated = lines->find(marker.line);
      if (dated == lines->end()) continue;  // past the end of the file as it is now
      const core::git::BlameLine& blame = dated->second;
      if (!blame.committed) continue;
      const std::int64_t days = (now - blame.time) / kSecondsPerDay;
      if (days > max_age_days_) findings.push_back(StaleFinding(*this, file, marker, blame, days));
    }
  }
  for (LineDater::CacheFailure& failure : dater.TakeCacheFailures()) {
    ReportProjectNote(std::move(failure.file), id() + ": " + failure.message);
  }
}

}  // namespace nova::analyzers
