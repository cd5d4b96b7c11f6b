// End to end: inline suppressions and baselines through the real `nova review` binary on the
// demo repository (demo.cpp flags NULL on line 5, twice, and `return 0` on line 9).
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

class SuppressionE2eTest : public ::testing::Test {
 protected:
  std::filesystem::path repo() const { return temp_.path() / "repo"; }
  std::filesystem::path baseline() const { return temp_.path() / "base.json"; }
  // demo.cpp with `from` replaced by `to` (the first occurrence).
  void EditDemo(const std::string& from, const std::string& to) {
    std::string source = ReadFile(repo() / "demo.cpp");
    const size_t at = source.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    source.replace(at, from.size(), to);
    WriteFile(repo() / "demo.cpp", source);
  }
  TempDir temp_;
};

TEST_F(SuppressionE2eTest, InlineCommentsHideFindingsBeforeFailOnAndAreListed) {
  CreateDemoRepo(repo());
  EditDemo("  if (text == NULL) return NULL;\n",
           "  // NOLINTNEXTLINE(nova-use-nullptr)\n  if (text == NULL) return NULL;\n");
  EditDemo("  return 0;\n", "  return 0;  // NOLINT(modernize-use-nullptr): not Nova's name\n");
  NovaRun json = RunNova(repo(), "review . --format json", true);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  ASSERT_EQ(json.report["findings"].size(), 1u) << json.report.dump(2);
  EXPECT_EQ(json.report["findings"][0]["line"], 10);
  ASSERT_EQ(json.report["suppressed"].size(), 2u) << json.report.dump(2);
  EXPECT_EQ(json.report["suppressed"][0]["file"], "demo.cpp");
  EXPECT_EQ(json.report["suppressed"][0]["line"], 6);
  EXPECT_EQ(json.report["suppressed"][0]["comment"], "// NOLINTNEXTLINE(nova-use-nullptr)");
  EXPECT_EQ(json.report["suppressed"][0]["comment_line"], 5);
  EXPECT_EQ(json.report["summary"]["suppressed_by_rule"]["use-nullptr"], 2);

  NovaRun text = RunNova(repo(), "review . --fail-on warning", false);
  EXPECT_EQ(text.exit_code, 1) << text.output;  // line 10 is still reported
  EXPECT_NE(text.output.find("2 findings suppressed inline"), std::string::npos) << text.output;

  EditDemo("  return 0;  // NOLINT(modernize-use-nullptr)", "  return 0;  // nova: ignore use-nullptr");
  NovaRun quiet = RunNova(repo(), "review . --fail-on warning", false);
  EXPECT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_NE(quiet.output.find("0 findings in 2 translation units"), std::string::npos)
      << quiet.output;
  EXPECT_NE(quiet.output.find("3 findings suppressed inline"), std::string::npos) << quiet.output;
}

TEST_F(SuppressionE2eTest, BaselineHidesKnownFindingsReportsNewOnesAndStaleEntries) {
  CreateDemoRepo(repo());
  NovaRun write = RunNova(repo(), "review . --fail-on warning --write-baseline " + baseline().string(), false);
  ASSERT_EQ(write.exit_code, 0) << write.output;  // the findings are accepted as they are
  const auto recorded = nlohmann::json::parse(ReadFile(baseline()));
  EXPECT_EQ(recorded["version"], 2);
  ASSERT_EQ(recorded["findings"].size(), 3u);
  EXPECT_EQ(recorded["findings"][0]["rule"], "use-nullptr");
  EXPECT_EQ(recorded["findings"][0]["file"], "demo.cpp");
  EXPECT_EQ(recorded["findings"][0]["message"], "use nullptr instead of NULL");

  // A line added above every finding resurrects none of them.
  EditDemo("const char* Find(", "// Finds c in text.\nconst char* Find(");
  const std::string with_baseline = "review . --fail-on warning --baseline " + baseline().string();
  NovaRun shifted = RunNova(repo(), with_baseline + " --format json", true);
  EXPECT_EQ(shifted.exit_code, 0) << shifted.output;
  EXPECT_EQ(shifted.report["findings"].size(), 0u) << shifted.report.dump(2);
  EXPECT_EQ(shifted.report["summary"]["baselined"], 3);
  EXPECT_EQ(shifted.report["baseline"]["stale"].size(), 0u);

  // A new NULL elsewhere is exactly the one finding reported.
  WriteFile(repo() / "demo.cpp",
            ReadFile(repo() / "demo.cpp") + "\nconst char* Nothing() { return NULL; }\n");
  NovaRun added = RunNova(repo(), with_baseline + " --format json", true);
  EXPECT_EQ(added.exit_code, 1) << added.output;
  ASSERT_EQ(added.report["findings"].size(), 1u) << added.report.dump(2);
  EXPECT_EQ(added.report["findings"][0]["line"], 13);

  // The flagged `return 0` fixed by hand: its entry matches nothing any more.
  EditDemo("  return 0;\n", "  return nullptr;\n");
  NovaRun fixed = RunNova(repo(), with_baseline, false);
  EXPECT_EQ(fixed.exit_code, 1) << fixed.output;  // the new NULL is still there
  EXPECT_NE(fixed.output.find("demo.cpp: note: baseline entry matches no finding: use nullptr "
                              "instead of 0 [use-nullptr]"),
            std::string::npos)
      << fixed.output;
  EXPECT_NE(fixed.output.find("1 baseline entry no longer matches: remove it with --write-baseline"),
            std::string::npos)
      << fixed.output;
  NovaRun fixed_json = RunNova(repo(), with_baseline + " --format json", true);
  ASSERT_EQ(fixed_json.report["baseline"]["stale"].size(), 1u) << fixed_json.report.dump(2);
  EXPECT_EQ(fixed_json.report["baseline"]["stale"][0]["fingerprint"],
            recorded["findings"][2]["fingerprint"]);
  EXPECT_EQ(Git(repo(), "status --porcelain --untracked-files=all"), " M demo.cpp\n");
}

TEST_F(SuppressionE2eTest, MalformedOrMissingBaselineIsAnErrorNamingTheFile) {
  CreateDemoRepo(repo());
  WriteFile(baseline(), "{\n  \"version\": 2,\n  \"findings\": [,]\n}\n");
  NovaRun malformed = RunNova(repo(), "review . --baseline " + baseline().string(), false);
  EXPECT_EQ(malformed.exit_code, 2) << malformed.output;
  EXPECT_NE(malformed.output.find("--baseline " + baseline().string() + ": parse error at line 3"),
            std::string::npos)
      << malformed.output;
  NovaRun missing = RunNova(repo(), "review . --baseline " + (temp_.path() / "nope.json").string(), false);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("nope.json"), std::string::npos) << missing.output;
  NovaRun both = RunNova(repo(), "review . --baseline a.json --write-baseline b.json", false);
  EXPECT_EQ(both.exit_code, 2) << both.output;
  NovaRun since = RunNova(repo(), "review . --since HEAD --write-baseline b.json", false);
  EXPECT_EQ(since.exit_code, 2) << since.output;
  EXPECT_NE(since.output.find("cannot be combined with --since"), std::string::npos) << since.output;
}

}  // namespace
}  // namespace nova::testing
