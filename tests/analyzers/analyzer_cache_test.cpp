// The engine with a per-TU cache: what a second run re-parses after nothing, a source, a header
// or the rule options changed, and that cached results equal fresh ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using testing::DumpFindings;
using testing::TempDir;
using testing::WriteFile;

class AnalyzerCacheTest : public ::testing::Test {
 protected:
  // a.cpp and b.cpp include shared.h (a NULL in an inline function); b.cpp and c.cpp include
  // b.h; every unit has a finding of its own.
  void SetUp() override {
    options_ = testing::WriteProject(
        dir_.path(),
        {{"shared.h", "#pragma once\n#define NULL 0\ninline int* Shared() { return NULL; }\n"},
         {"b.h", "#pragma once\ninline int* B(int* p = 0) { return p; }\n"},
         {"a.cpp", "#include \"shared.h\"\n// the largest unit, so it claims shared.h at -j1\n"
                   "int* a = 0;\nint Long() {\n  int x = 0;\n  x += 1;\n  return x;\n}\n"},
         {"b.cpp", "#include \"shared.h\"\n#include \"b.h\"\nint* b = 0;\n"},
         {"c.cpp", "#include \"b.h\"\nint* c = 0;\n"}});
    options_.cache_dir = dir_.path() / ".nova" / "cache";
    options_.rule_options["function-size"] = {{"max_lines", 3}};
    options_.jobs = 2;
  }

  AnalysisResult Run() {
    auto result = Analyze(options_);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    if (!result.ok()) return {};
    EXPECT_EQ(result->translation_units, 3);
    EXPECT_EQ(result->parsed + result->cache_hits, result->translation_units);
    EXPECT_TRUE(result->notes.empty()) << result->notes.front();
    return std::move(*result);
  }

  TempDir dir_;
  AnalyzeOptions options_;
};

TEST_F(AnalyzerCacheTest, SecondRunWithNothingChangedParsesNothing) {
  AnalysisResult first = Run();
  EXPECT_EQ(first.parsed, 3);
  EXPECT_EQ(first.cache_hits, 0);
  EXPECT_EQ(first.findings.size(), 6u) << DumpFindings(first.findings);
  AnalysisResult second = Run();
  EXPECT_EQ(second.parsed, 0);
  EXPECT_EQ(second.cache_hits, 3);
  EXPECT_EQ(DumpFindings(second.findings), DumpFindings(first.findings));
}

TEST_F(AnalyzerCacheTest, CachedFindingsEqualAnUncachedRun) {
  Run();
  AnalysisResult cached = Run();
  AnalyzeOptions uncached = options_;
  uncached.cache_dir.clear();
  uncached.jobs = 1;
  auto fresh = Analyze(uncached);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->parsed, 3);
  EXPECT_EQ(DumpFindings(cached.findings), DumpFindings(fresh->findings));
}

TEST_F(AnalyzerCacheTest, EditingOneSourceReparsesOnlyIt) {
  AnalysisResult first = Run();
  WriteFile(dir_.path() / "c.cpp", "#include \"b.h\"\nint* c = 0;\nint* c2 = 0;\n");
  AnalysisResult second = Run();
  EXPECT_EQ(second.parsed, 1);
  EXPECT_EQ(second.cache_hits, 2);
  EXPECT_EQ(second.findings.size(), first.findings.size() + 1) << DumpFindings(second.findings);
}

TEST_F(AnalyzerCacheTest, EditingAHeaderReparsesExactlyItsIncluders) {
  AnalysisResult first = Run();
  WriteFile(dir_.path() / "b.h", "#pragma once\ninline int* B(int* p = nullptr) { return p; }\n");
  AnalysisResult second = Run();
  EXPECT_EQ(second.parsed, 2);  // b.cpp and c.cpp
  EXPECT_EQ(second.cache_hits, 1);
  EXPECT_EQ(second.findings.size(), first.findings.size() - 1) << DumpFindings(second.findings);
}

TEST_F(AnalyzerCacheTest, ChangingRuleOptionsInvalidatesEveryUnit) {
  AnalysisResult first = Run();
  options_.rule_options["function-size"] = {{"max_lines", 10}};
  AnalysisResult second = Run();
  EXPECT_EQ(second.parsed, 3);
  EXPECT_EQ(second.cache_hits, 0);
  EXPECT_EQ(second.findings.size(), first.findings.size() - 1);  // Long() is short enough now
  AnalysisResult third = Run();
  EXPECT_EQ(third.parsed, 0);
}

TEST_F(AnalyzerCacheTest, ChangingEnabledRulesOrExcludesInvalidatesEveryUnit) {
  Run();
  options_.rules = {"use-nullptr"};
  EXPECT_EQ(Run().parsed, 3);
  options_.exclude = {"b.h"};
  EXPECT_EQ(Run().parsed, 3);
}

// The unit that reported shared.h stops including it; the cached unit that still includes it
// never walked it, so it is re-parsed rather than the header's finding being lost.
TEST_F(AnalyzerCacheTest, HeaderWhoseOwnerStoppedIncludingItIsStillReported) {
  options_.jobs = 1;
  AnalysisResult first = Run();
  const std::string shared = (dir_.path() / "shared.h").string();
  auto in_shared = [&](const AnalysisResult& result) {
    int count = 0;
    for (const core::Finding& f : result.findings) count += f.file == shared ? 1 : 0;
    return count;
  };
  ASSERT_EQ(in_shared(first), 1);
  WriteFile(dir_.path() / "a.cpp",
            "// no longer includes shared.h; still the largest unit by far, at -j1\n"
            "int* a = nullptr;\nint Long() {\n  int x = 0;\n  x += 1;\n  return x;\n}\n");
  AnalysisResult second = Run();
  EXPECT_EQ(in_shared(second), 1) << DumpFindings(second.findings);
  EXPECT_EQ(second.parsed, 2);  // a.cpp changed; b.cpp re-parsed for shared.h
  EXPECT_EQ(second.cache_hits, 1);
  AnalysisResult third = Run();
  EXPECT_EQ(third.parsed, 0);
  EXPECT_EQ(DumpFindings(third.findings), DumpFindings(second.findings));
}

// A source file that another unit includes (a unity build) is its own unit's main file, never
// an orphaned header to re-parse for.
TEST_F(AnalyzerCacheTest, SourceIncludedByAnotherUnitDoesNotForceReparses) {
  options_.jobs = 1;
  WriteFile(dir_.path() / "c.cpp", "// the largest unit: it claims a.cpp, which it includes\n"
                                   "#include \"b.h\"\n#include \"a.cpp\"\nint* c = 0;\n");
  WriteFile(dir_.path() / "b.cpp", "#include \"a.cpp\"\nint* b = 0;\n");
  Run();
  WriteFile(dir_.path() / "c.cpp", "// the largest unit, no longer including a.cpp at all\n"
                                   "#include \"b.h\"\nint* c = 0;\n");
  AnalysisResult second = Run();
  EXPECT_EQ(second.parsed, 1);  // c.cpp; a.cpp is walked by its own cached unit
}

TEST_F(AnalyzerCacheTest, CompileErrorsAreReportedFromTheCacheToo) {
  WriteFile(dir_.path() / "c.cpp", "#include \"b.h\"\nint* c = 0;\nint y = undeclared;\n");
  AnalysisResult first = Run();
  AnalysisResult second = Run();
  EXPECT_EQ(second.parsed, 0);
  EXPECT_EQ(second.parsed_with_errors, 1);
  ASSERT_EQ(second.problems.size(), 1u);
  EXPECT_EQ(second.problems[0].file, (dir_.path() / "c.cpp").string());
  EXPECT_EQ(second.problems[0].message, first.problems[0].message);
  EXPECT_NE(second.problems[0].message.find("use of undeclared identifier"), std::string::npos);
}

TEST_F(AnalyzerCacheTest, OverlayContentIsWhatTheCacheValidates) {
  Run();
  const std::string c = (dir_.path() / "c.cpp").string();
  options_.overlay[c] = "#include \"b.h\"\nint* c = nullptr;\n";
  AnalysisResult with_overlay = Run();
  EXPECT_EQ(with_overlay.parsed, 1);
  EXPECT_EQ(Run().parsed, 0);
  options_.overlay.clear();
  EXPECT_EQ(Run().parsed, 1);
}

TEST_F(AnalyzerCacheTest, ACacheThatCannotBeOpenedIsANote) {
  WriteFile(dir_.path() / "not-a-dir", "");
  options_.cache_dir = dir_.path() / "not-a-dir" / "cache";
  auto result = Analyze(options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->parsed, 3);
  ASSERT_EQ(result->notes.size(), 1u);
  EXPECT_EQ(result->notes[0].rfind("cache disabled: ", 0), 0u) << result->notes[0];
}

// Project-level rules: a cached unit contributes its cached facts, a re-parsed one its new
// facts, and together they give what a cold run gives, whichever unit holds a header's facts.
class ProjectRuleCacheTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    options_ = testing::PrepareFixture(GetParam(), dir_.path());
    options_.rule_options["duplicate-code"] = {{"min_tokens", 40}};
    if (GetParam() == "stale-todo") {  // its findings need history: the fixture, 400 days old
      nova::testing::Git(dir_.path(), "init -q");
      const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
      nova::testing::CommitAt(dir_.path(), "old", "Jane Doe", now - 400 * 24 * 60 * 60);
    }
    options_.cache_dir = dir_.path() / ".nova" / "cache";
    options_.jobs = 2;
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
      if (entry.path().extension() == ".cpp") units_.push_back(entry.path());
    }
    std::sort(units_.begin(), units_.end());
  }

  AnalysisResult Run(const AnalyzeOptions& options) {
    auto result = Analyze(options);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? std::move(*result) : AnalysisResult{};
  }

  AnalysisResult Cold() {
    AnalyzeOptions uncached = options_;
    uncached.cache_dir.clear();
    return Run(uncached);
  }

  TempDir dir_;
  AnalyzeOptions options_;
  std::vector<fs::path> units_;
};

TEST_P(ProjectRuleCacheTest, ColdWarmAndOneUnitChangedGiveTheSameFindings) {
  const std::string cold = DumpFindings(Cold().findings);
  EXPECT_FALSE(cold.empty());
  AnalysisResult first = Run(options_);
  EXPECT_EQ(first.parsed, static_cast<int>(units_.size()));
  EXPECT_EQ(DumpFindings(first.findings), cold);
  AnalysisResult warm = Run(options_);
  EXPECT_EQ(warm.parsed, 0);
  EXPECT_EQ(warm.cache_hits, static_cast<int>(units_.size()));
  EXPECT_EQ(DumpFindings(warm.findings), cold);
  for (const fs::path& unit : units_) {  // each unit in turn is the one re-parsed
    WriteFile(unit, testing::ReadFile(unit) + "// touched\n");
    AnalysisResult partial = Run(options_);
    EXPECT_EQ(partial.parsed, 1) << unit;
    EXPECT_EQ(DumpFindings(partial.findings), cold) << unit;
  }
}

INSTANTIATE_TEST_SUITE_P(Rules, ProjectRuleCacheTest,
                         ::testing::Values("duplicate-code", "unused-function", "stale-todo"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

TEST(ProjectRuleCacheChangeTest, NewFactsOfAReparsedUnitJoinTheCachedOnes) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("unused-function", dir.path());
  options.cache_dir = dir.path() / ".nova" / "cache";
  ASSERT_TRUE(Analyze(options).ok());
  // run.cpp stops calling Widget::Compute, defined in the cached widget.cpp.
  WriteFile(dir.path() / "run.cpp",
            "#include \"helpers.h\"\n#include \"widget.h\"\n\n"
            "int Widget::Run() { return SharedHelper(1); }\n");
  auto partial = Analyze(options);
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->parsed, 1);
  options.cache_dir.clear();
  auto cold = Analyze(options);
  ASSERT_TRUE(cold.ok());
  EXPECT_EQ(DumpFindings(partial->findings), DumpFindings(cold->findings));
  bool compute = false;
  for (const core::Finding& f : partial->findings) compute |= f.snippet == "Widget::Compute";
  EXPECT_TRUE(compute) << DumpFindings(partial->findings);
}

}  // namespace
}  // namespace nova::analyzers
