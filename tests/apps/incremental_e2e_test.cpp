// End to end: the cache, diff-only review, sharding and merging, through the real binaries.
#include <gtest/gtest.h>

#include <set>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

class IncrementalE2eTest : public ::testing::Test {
 protected:
  std::filesystem::path repo() const { return temp_.path() / "repo"; }
  std::set<std::string> Fingerprints(const nlohmann::json& report) {
    std::set<std::string> out;
    for (const auto& f : report["findings"]) out.insert(f["fingerprint"].get<std::string>());
    return out;
  }
  TempDir temp_;
};

TEST_F(IncrementalE2eTest, SecondRunParsesNothingAndAnEditReparsesOnlyItsUnit) {
  CreateDemoRepo(repo());
  NovaRun cold = RunNova(repo(), "review . --format json", true);
  ASSERT_EQ(cold.exit_code, 0) << cold.output;
  EXPECT_EQ(cold.report["summary"]["parsed"], 2);
  EXPECT_EQ(cold.report["summary"]["cache_hits"], 0);
  EXPECT_TRUE(std::filesystem::exists(repo() / ".nova/cache"));

  NovaRun warm = RunNova(repo(), "review . --format json", true);
  ASSERT_EQ(warm.exit_code, 0) << warm.output;
  EXPECT_EQ(warm.report["summary"]["parsed"], 0);
  EXPECT_EQ(warm.report["summary"]["cache_hits"], 2);
  EXPECT_EQ(warm.report["findings"], cold.report["findings"]);

  WriteFile(repo() / "demo_test.cpp", ReadFile(repo() / "demo_test.cpp") + "// edited\n");
  NovaRun edited = RunNova(repo(), "review . --format json", true);
  EXPECT_EQ(edited.report["summary"]["parsed"], 1);
  EXPECT_EQ(edited.report["summary"]["cache_hits"], 1);

  NovaRun uncached = RunNova(repo(), "review . --format json --no-cache", true);
  EXPECT_EQ(uncached.report["summary"]["parsed"], 2);
  EXPECT_EQ(Git(repo(), "status --porcelain --untracked-files=all"), " M demo_test.cpp\n");
}

TEST_F(IncrementalE2eTest, SinceReportsOnlyAddedOrChangedLines) {
  CreateDemoRepo(repo());
  std::string source = kDemoSource;
  source += "\nconst char* Later() { return NULL; }\n";
  WriteFile(repo() / "demo.cpp", source);
  NovaRun run = RunNova(repo(), "review . --since HEAD --format json", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(run.report["findings"].size(), 1u) << run.report.dump(2);
  EXPECT_EQ(run.report["findings"][0]["line"], 12);
  EXPECT_EQ(run.report["findings"][0]["message"], "use nullptr instead of NULL");

  NovaRun all = RunNova(repo(), "review . --format json", true);
  EXPECT_EQ(all.report["findings"].size(), 4u);

  NovaRun bad = RunNova(repo(), "review . --since no-such-rev", false);
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("no-such-rev"), std::string::npos) << bad.output;
}

TEST_F(IncrementalE2eTest, SinceAnalyzesOnlyTheUnitsThatReadAChangedFile) {
  CreateDemoRepo(repo());
  ASSERT_EQ(RunNova(repo(), "review . --format json", true).exit_code, 0);  // warms the cache
  WriteFile(repo() / "demo.cpp", std::string(kDemoSource) + "int* Later() { return 0; }\n");
  NovaRun run = RunNova(repo(), "review . --since HEAD --format json", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // demo_test.cpp reads demo.h only: its record proves it cannot see the change.
  EXPECT_EQ(run.report["summary"]["translation_units"], 1);
  EXPECT_EQ(run.report["summary"]["parsed"], 1);
  ASSERT_EQ(run.report["findings"].size(), 1u) << run.report.dump(2);
  EXPECT_EQ(run.report["findings"][0]["line"], 11);
  EXPECT_NE(run.report["notes"].dump().find("1 translation unit(s) skipped"), std::string::npos)
      << run.report["notes"];

  // A header change reaches every unit that includes it.
  // (0, not NULL: demo.h includes nothing that defines NULL, and a unit that does not parse
  // makes the review partial.)
  WriteFile(repo() / "demo.h", ReadFile(repo() / "demo.h") + "inline int* Null() { return 0; }\n");
  NovaRun header = RunNova(repo(), "review . --since HEAD --format json", true);
  ASSERT_EQ(header.exit_code, 0) << header.output;
  EXPECT_EQ(header.report["summary"]["translation_units"], 2);
}

TEST_F(IncrementalE2eTest, ShardsMergeIntoTheUnshardedReport) {
  CreateDemoRepo(repo());
  NovaRun whole = RunNova(repo(), "review . --format json --no-cache", true);
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  const auto shard1 = temp_.path() / "s1.json";
  const auto shard2 = temp_.path() / "s2.json";
  ASSERT_EQ(RunShell(repo(), std::string(NOVA_BINARY) + " review . --format json --shard 1/2 -o " +
                                 shard1.string()).exit_code, 0);
  ASSERT_EQ(RunShell(repo(), std::string(NOVA_BINARY) + " review . --format json --shard 2/2 -o " +
                                 shard2.string()).exit_code, 0);
  const auto s1 = nlohmann::json::parse(ReadFile(shard1));
  const auto s2 = nlohmann::json::parse(ReadFile(shard2));
  EXPECT_EQ(s1["summary"]["translation_units"].get<int>() + s2["summary"]["translation_units"].get<int>(), 2);

  NovaRun merged = RunNova(repo(), "merge --format json " + shard1.string() + " " + shard2.string(), true);
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  EXPECT_EQ(Fingerprints(merged.report), Fingerprints(whole.report));
  EXPECT_EQ(merged.report["summary"]["translation_units"], 2);

  NovaRun bad_shard = RunNova(repo(), "review . --shard 3/2", false);
  EXPECT_EQ(bad_shard.exit_code, 2);
  EXPECT_NE(bad_shard.output.find("expected K/N"), std::string::npos) << bad_shard.output;
}

TEST_F(IncrementalE2eTest, JobCountDoesNotChangeTheReport) {
  CreateDemoRepo(repo());
  NovaRun one = RunNova(repo(), "review . --format sarif -j 1 --no-cache", true);
  NovaRun two = RunNova(repo(), "review . --format sarif -j 2 --no-cache", true);
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(one.report["runs"][0]["results"], two.report["runs"][0]["results"]);
  EXPECT_EQ(one.report["version"], "2.1.0");
  EXPECT_EQ(one.report["runs"][0]["results"].size(), 3u);
  EXPECT_FALSE(one.report["runs"][0]["tool"]["driver"]["rules"].empty());
}

}  // namespace
}  // namespace nova::testing
