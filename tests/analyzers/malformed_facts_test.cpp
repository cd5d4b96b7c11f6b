// A project rule's cached fact that is malformed on disk (a hand edit, a disk error, a buggy
// build) must not vanish from the project pass: a dropped references fact of unused-function
// makes used functions look unused, and its fix deletes them. The unit is analyzed again and the
// run says so. Every test corrupts a real cache entry on disk.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::DumpFindings;
using testing::TempDir;

struct Case {
  const char* rule;
  const char* fixture;
};

// gtest finds it by argument-dependent lookup to name a case in test output.
[[maybe_unused]] void PrintTo(const Case& c, std::ostream* out) {
  *out << c.rule << " on " << c.fixture;
}

// Rewrites one cache entry under `cache_dir` holding facts of `rule`: `corrupt` edits its facts
// array and returns true once it changed something. Returns the main file of the entry changed.
std::string CorruptOneEntry(const fs::path& cache_dir, const std::string& rule,
                            const std::function<bool(json& facts)>& corrupt) {
  std::vector<fs::path> entries;
  for (const auto& e : fs::recursive_directory_iterator(cache_dir)) {
    if (e.is_regular_file() && e.path().extension() == ".json") entries.push_back(e.path());
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::path& path : entries) {
    json entry = json::parse(testing::ReadFile(path), nullptr, /*allow_exceptions=*/false);
    if (!entry.is_object() || !entry.contains("facts") || !entry["facts"].contains(rule)) continue;
    if (!corrupt(entry["facts"][rule])) continue;
    testing::WriteFile(path, entry.dump());
    return entry["command"]["file"].get<std::string>();
  }
  ADD_FAILURE() << "no cache entry with facts of " << rule << " to corrupt";
  return "";
}

class MalformedCachedFactTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    options_ = testing::PrepareFixture(GetParam().fixture, dir_.path());
    options_.rules = {GetParam().rule};
    options_.rule_options["duplicate-code"] = {{"min_tokens", 40}};
    options_.rule_options["hotspot"] = {{"days", 1000}};
    nova::testing::Git(dir_.path(), "init -q");  // stale-todo and hotspot read the history
    nova::testing::CommitAt(dir_.path(), "old", "Jane Doe", nova::testing::Now() - 400 * 86400);
    options_.cache_dir = dir_.path() / ".nova" / "cache";
    options_.jobs = 1;
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
      if (entry.path().extension() == ".cpp") ++units_;
    }
  }

  AnalysisResult Run(const AnalyzeOptions& options) {
    auto result = Analyze(options);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? std::move(*result) : AnalysisResult{};
  }

  // Replaces the first fact of the rule in some entry with one missing every field.
  std::string CorruptFirstFact() {
    return CorruptOneEntry(options_.cache_dir, GetParam().rule, [](json& facts) {
      if (facts.empty()) return false;
      facts[0] = {{"malformed", true}};
      return true;
    });
  }

  TempDir dir_;
  AnalyzeOptions options_;
  int units_ = 0;
};

TEST_P(MalformedCachedFactTest, TheUnitIsAnalyzedAgainNotedAndTheFindingsAreACold) {
  AnalyzeOptions uncached = options_;
  uncached.cache_dir.clear();
  const std::string cold = DumpFindings(Run(uncached).findings);
  EXPECT_EQ(Run(options_).parsed, units_);
  const std::string corrupted = CorruptFirstFact();

  AnalysisResult second = Run(options_);
  EXPECT_EQ(second.parsed, 1);
  EXPECT_EQ(second.cache_hits, units_ - 1);
  ASSERT_EQ(second.notes.size(), 1u) << ::testing::PrintToString(second.notes);
  const std::string prefix = fs::path(corrupted).filename().string() +
                             ": analyzed again: a cached fact was malformed (rule '" +
                             GetParam().rule + "', fact 1 of ";
  EXPECT_EQ(second.notes[0].rfind(prefix, 0), 0u) << second.notes[0];
  EXPECT_NE(second.notes[0].find("not found"), std::string::npos) << second.notes[0];
  EXPECT_TRUE(second.problems.empty());
  EXPECT_EQ(DumpFindings(second.findings), cold);

  AnalysisResult third = Run(options_);  // the entry was written afresh
  EXPECT_EQ(third.parsed, 0);
  EXPECT_TRUE(third.notes.empty());
  EXPECT_EQ(DumpFindings(third.findings), cold);
}

// --since skips a unit whose record shows it read no changed file, and passes its cached facts
// on: not when they are malformed.
TEST_P(MalformedCachedFactTest, SinceDoesNotSkipAUnitWithAMalformedFact) {
  AnalysisResult first = Run(options_);
  options_.changed_files = std::vector<std::string>{};  // nothing changed
  CorruptFirstFact();
  AnalysisResult since = Run(options_);
  EXPECT_EQ(since.parsed, 1);
  EXPECT_EQ(DumpFindings(since.findings), DumpFindings(first.findings));
  bool noted = false;
  for (const std::string& note : since.notes) {
    noted |= note.find("analyzed again: a cached fact was malformed") != std::string::npos;
  }
  EXPECT_TRUE(noted) << ::testing::PrintToString(since.notes);
}

INSTANTIATE_TEST_SUITE_P(ProjectRules, MalformedCachedFactTest,
                         ::testing::Values(Case{"unused-function", "unused-function"},
                                           Case{"duplicate-code", "duplicate-code"},
                                           Case{"naming-consistency", "naming-consistency"},
                                           Case{"stale-todo", "stale-todo"},
                                           Case{"hotspot", "cognitive-complexity"}),
                         [](const auto& info) {
                           std::string name = info.param.rule;
                           std::erase(name, '-');
                           return name;
                         });

// The case the issue names: a unit's references fact (the functions it calls) goes bad, and
// the functions only it calls would be reported unused and deleted by the fix.
TEST(MalformedCachedFactTest, ABadReferencesFactDoesNotMakeUsedFunctionsUnused) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("unused-function", dir.path());
  options.cache_dir = dir.path() / ".nova" / "cache";
  auto cold = Analyze(options);
  ASSERT_TRUE(cold.ok()) << cold.status().ToString();
  ASSERT_TRUE(Analyze(options).ok());
  const std::string run_cpp = (dir.path() / "run.cpp").string();
  CorruptOneEntry(options.cache_dir, "unused-function", [&](json& facts) {
    for (json& fact : facts) {
      if (!fact.contains("references") || fact["references"].empty()) continue;
      if (fact["references"].dump().find("Compute") == std::string::npos) continue;
      fact["references"] = 7;  // a number where the list of USRs was
      return true;
    }
    return false;
  });
  auto warm = Analyze(options);
  ASSERT_TRUE(warm.ok()) << warm.status().ToString();
  EXPECT_EQ(DumpFindings(warm->findings), DumpFindings(cold->findings));
  for (const core::Finding& finding : warm->findings) {
    EXPECT_NE(finding.snippet, "Widget::Compute") << "reported unused: " << finding.message;
  }
  ASSERT_EQ(warm->notes.size(), 1u);
  EXPECT_NE(warm->notes[0].find("rule 'unused-function'"), std::string::npos) << warm->notes[0];
}

}  // namespace
}  // namespace nova::analyzers
