#include "test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace nova::analyzers::testing {

namespace fs = std::filesystem;

nlohmann::json CompileEntry(const fs::path& directory, const fs::path& file,
                            const std::vector<std::string>& extra) {
  nlohmann::json arguments = {"clang++", "-std=c++20"};
  for (const std::string& arg : extra) arguments.push_back(arg);
  for (const char* arg : {"-c", "-o", "out.o"}) arguments.push_back(arg);
  arguments.push_back(file.string());
  return {{"directory", directory.string()}, {"file", file.string()}, {"arguments", arguments}};
}

fs::path WriteCompileDb(const fs::path& dir, const nlohmann::json& entries) {
  fs::path path = dir / "compile_commands.json";
  WriteFile(path, entries.dump(2));
  return path;
}

AnalyzeOptions WriteProject(const fs::path& dir, const std::map<std::string, std::string>& files) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [name, content] : files) {
    WriteFile(dir / name, content);
    if (fs::path(name).extension() == ".cpp") entries.push_back(CompileEntry(dir, dir / name));
  }
  AnalyzeOptions options;
  options.project_root = dir;
  options.compile_commands = WriteCompileDb(dir, entries);
  return options;
}

const core::Finding* FindBySnippet(const std::vector<core::Finding>& findings,
                                   const std::string& snippet) {
  auto it = std::find_if(findings.begin(), findings.end(),
                         [&](const core::Finding& f) { return f.snippet == snippet; });
  return it == findings.end() ? nullptr : &*it;
}

std::string DumpFindings(const std::vector<core::Finding>& findings) {
  std::ostringstream out;
  for (const core::Finding& f : findings) {
    out << f.rule << " " << f.file << ":" << f.line << ":" << f.column << "-" << f.end_line << ":"
        << f.end_column << " " << core::SeverityName(f.severity) << " '" << f.message << "' '"
        << f.snippet << "'";
    for (const core::Edit& e : f.fix) {
      out << " [" << e.file << "@" << e.offset << "+" << e.length << "=" << e.replacement << "]";
    }
    if (!f.details.empty()) out << " " << f.details;
    out << "\n";
  }
  return out.str();
}

AnalyzeOptions PrepareFixture(const std::string& rule_id, const fs::path& dir) {
  fs::copy(fs::path(NOVA_ANALYZERS_FIXTURES) / rule_id, dir, fs::copy_options::recursive);
  std::vector<std::string> extra;
  if (fs::is_directory(dir / "system")) extra = {"-isystem", "system"};
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".cpp")
      entries.push_back(CompileEntry(dir, entry.path(), extra));
  }
  AnalyzeOptions options;
  options.project_root = dir;
  options.compile_commands = WriteCompileDb(dir, entries);
  options.rules = {rule_id};
  return options;
}

std::vector<Expectation> ReadExpectations(const fs::path& dir) {
  std::vector<Expectation> expectations;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "compile_commands.json") continue;
    std::istringstream lines(ReadFile(entry.path()));
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
      std::size_t at = line.find("// EXPECT:");
      if (at == std::string::npos) continue;
      std::istringstream rules(line.substr(at + 10));
      std::string rule;
      while (std::getline(rules, rule, ',')) {
        rule.erase(0, rule.find_first_not_of(' '));
        rule.erase(rule.find_last_not_of(' ') + 1);
        if (!rule.empty()) {
          expectations.push_back({entry.path().filename().string(), number, rule});
        }
      }
    }
  }
  std::sort(expectations.begin(), expectations.end());
  return expectations;
}

std::vector<Expectation> AsExpectations(const std::vector<core::Finding>& findings) {
  std::vector<Expectation> result;
  for (const core::Finding& finding : findings) {
    result.push_back({fs::path(finding.file).filename().string(), finding.line, finding.rule});
  }
  std::sort(result.begin(), result.end());
  return result;
}

std::string Describe(const std::vector<Expectation>& expectations) {
  std::string text;
  for (const Expectation& e : expectations) {
    text += "  " + e.file + ":" + std::to_string(e.line) + " " + e.rule + "\n";
  }
  return text.empty() ? "  (none)\n" : text;
}

void ApplyFixes(const std::vector<core::Finding>& findings) {
  std::map<std::string, std::vector<core::Edit>> edits_by_file;
  for (const core::Finding& finding : findings) {
    for (const core::Edit& edit : finding.fix) edits_by_file[edit.file].push_back(edit);
  }
  for (auto& [file, edits] : edits_by_file) {
    std::sort(edits.begin(), edits.end(),
              [](const core::Edit& a, const core::Edit& b) { return a.offset > b.offset; });
    std::string contents = ReadFile(file);
    std::uint64_t limit = contents.size();
    for (const core::Edit& edit : edits) {
      EXPECT_LE(edit.offset + edit.length, limit) << "overlapping edits in " << file;
      contents.replace(edit.offset, edit.length, edit.replacement);
      limit = edit.offset;
    }
    WriteFile(file, contents);
  }
}

AnalysisResult FixAndReanalyze(const AnalyzeOptions& options, const std::string& rule_id,
                               const std::vector<std::string>& files) {
  auto before = Analyze(options);
  EXPECT_TRUE(before.ok()) << before.status().ToString();
  if (!before.ok()) return {};
  ApplyFixes(before->findings);
  const fs::path golden = fs::path(NOVA_ANALYZERS_FIXTURES) / (rule_id + ".fixed");
  for (const std::string& name : files) {
    EXPECT_EQ(ReadFile(options.project_root / name), ReadFile(golden / name)) << name;
  }
  auto after = Analyze(options);
  EXPECT_TRUE(after.ok()) << after.status().ToString();
  if (!after.ok()) return {};
  EXPECT_EQ(after->parsed_with_errors, 0);
  EXPECT_TRUE(after->problems.empty());
  return std::move(*after);
}

void ExpectMatchesGolden(const AnalysisResult& result, const fs::path& dir) {
  std::vector<Expectation> expected = ReadExpectations(dir);
  std::vector<Expectation> actual = AsExpectations(result.findings);
  std::vector<Expectation> unexpected;
  std::vector<Expectation> unmet;
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::back_inserter(unexpected));
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::back_inserter(unmet));
  EXPECT_TRUE(unexpected.empty()) << "findings without an EXPECT comment:\n"
                                  << Describe(unexpected);
  EXPECT_TRUE(unmet.empty()) << "EXPECT comments without a finding:\n" << Describe(unmet);
  EXPECT_EQ(result.parsed_with_errors, 0);
  for (const TuProblem& problem : result.problems) {
    ADD_FAILURE() << "problem in " << problem.file << ": " << problem.message;
  }
}

}  // namespace nova::analyzers::testing
