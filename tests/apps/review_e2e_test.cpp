// End to end: the real `nova-review` and `nova review` binaries on real directories.
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

class ReviewE2eTest : public ::testing::Test {
 protected:
  std::filesystem::path repo() const { return temp_.path() / "repo"; }
  TempDir temp_;
};

TEST_F(ReviewE2eTest, JsonReportFollowsTheSchemaAndConfiguresCMakeWhenNeeded) {
  CreateDemoRepo(repo());
  NovaRun run = RunNova(repo(), "review . --format json", true);
  ASSERT_EQ(run.exit_code, 0) << run.output;  // warnings are below the default --fail-on error
  const auto& report = run.report;
  EXPECT_EQ(report["version"], 1);
  EXPECT_EQ(report["summary"]["translation_units"], 2);
  EXPECT_EQ(report["summary"]["parsed_with_errors"], 0);
  ASSERT_EQ(report["findings"].size(), 3u) << report.dump(2);
  const auto& first = report["findings"][0];
  EXPECT_EQ(first["rule"], "use-nullptr");
  EXPECT_EQ(first["file"], "demo.cpp");
  EXPECT_EQ(first["line"], 5);
  EXPECT_EQ(first["column"], 15);
  EXPECT_EQ(first["fingerprint"].get<std::string>().size(), 32u);
  ASSERT_EQ(first["fix"].size(), 1u);
  EXPECT_EQ(first["fix"][0]["file"], "demo.cpp");
  EXPECT_EQ(first["fix"][0]["replacement"], "nullptr");
  // With no compile database present, the CMake project was configured under .nova/.
  EXPECT_TRUE(std::filesystem::exists(repo() / ".nova/cmake-build/compile_commands.json"));
  EXPECT_EQ(Git(repo(), "status --porcelain --untracked-files=all"), "");
}

// Regression: libclang changes the process's working directory while it parses, and a relative
// -o used to land in the compile database's directory (.nova/cmake-build/), with exit 0.
TEST_F(ReviewE2eTest, RelativePathsAreTheStartingDirectorysEvenAfterParsing) {
  CreateDemoRepo(repo());
  const std::filesystem::path here = temp_.path() / "here";
  std::filesystem::create_directories(here);
  CommandResult run = RunShell(here, std::string(NOVA_REVIEW_BINARY) +
                                         " ../repo --format json -o out.json --trace trace.jsonl");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(std::filesystem::exists(here / "out.json"));
  EXPECT_TRUE(std::filesystem::exists(here / "trace.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(repo() / ".nova/cmake-build/out.json"));
  EXPECT_EQ(nlohmann::json::parse(ReadFile(here / "out.json"))["findings"].size(), 3u);
}

// Regression: without DIR, nova-review reviewed the checkout Nova was built from.
TEST_F(ReviewE2eTest, WithoutDirItReviewsTheCurrentDirectory) {
  CreateDemoRepo(repo());
  for (const std::string& binary :
       {std::string(NOVA_REVIEW_BINARY), std::string(NOVA_BINARY) + " review"}) {
    CommandResult run = RunShell(repo(), binary + " --fail-on warning");
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_NE(run.output.find("demo.cpp:5:15: warning: use nullptr instead of NULL"),
              std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find("3 findings in 2 translation units"), std::string::npos)
        << run.output;
  }
}

TEST_F(ReviewE2eTest, TextOutputIsCompilerStyleAndFailOnSetsTheExitCode) {
  CreateDemoRepo(repo());
  CommandResult text = RunShell(repo(), std::string(NOVA_REVIEW_BINARY) + " . --fail-on warning");
  EXPECT_EQ(text.exit_code, 1) << text.output;
  EXPECT_NE(text.output.find("demo.cpp:5:15: warning: use nullptr instead of NULL [use-nullptr]"),
            std::string::npos)
      << text.output;
  EXPECT_NE(text.output.find("3 findings in 2 translation units"), std::string::npos);
}

TEST_F(ReviewE2eTest, TraceHasOneStepEndPerAgentBetweenRunStartAndRunEnd) {
  CreateDemoRepo(repo());
  NovaRun run = RunNova(repo(), "review . --trace " + (temp_.path() / "t.jsonl").string(), false);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::istringstream lines(ReadFile(temp_.path() / "t.jsonl"));
  std::vector<std::string> agents;
  std::vector<nlohmann::json> events;
  for (std::string line; std::getline(lines, line);) {
    events.push_back(nlohmann::json::parse(line));
    const auto& step = events.back();
    if (step["event"] != "step_end") continue;
    EXPECT_EQ(step["outcome"], "ok");
    EXPECT_TRUE(step.contains("start") && step.contains("duration_ms") && step.contains("error"));
    agents.push_back(step["agent"]);
  }
  EXPECT_EQ(agents, (std::vector<std::string>{"indexer", "analyzer", "reviewer", "reporter"}));
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.front()["event"], "run_start");
  EXPECT_EQ(events.front()["command"], "review");
  EXPECT_EQ(events.front()["config_digest"], "defaults");
  EXPECT_NE(events.front()["libclang_version"].get<std::string>().find("clang version"), std::string::npos);
  EXPECT_FALSE(events.front()["libgit2_version"].get<std::string>().empty());
  EXPECT_EQ(events.back()["event"], "run_end");
  EXPECT_EQ(events.back()["status"], "ok");
  // The run directory holds the same trace, and a report of what was found.
  int runs = 0;
  for (const auto& dir : std::filesystem::directory_iterator(repo() / ".nova/runs")) {
    ++runs;
    EXPECT_EQ(ReadFile(dir.path() / "trace.jsonl"), ReadFile(temp_.path() / "t.jsonl"));
    const auto report = nlohmann::json::parse(ReadFile(dir.path() / "report.json"));
    EXPECT_EQ(report["status"], "ok");
    EXPECT_EQ(report["result"]["summary"]["findings"], 3);
    EXPECT_NE(ReadFile(dir.path() / "report.md").find("3 findings in 2 translation units"),
              std::string::npos);
  }
  EXPECT_EQ(runs, 1);
}

TEST_F(ReviewE2eTest, ConfigErrorNamesTheKeyAndExitsTwo) {
  CreateDemoRepo(repo(), R"({"rules": {"function-size": {"max_line": 10}}})");
  NovaRun run = RunNova(repo(), "review .", false);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("rules.function-size.max_line"), std::string::npos) << run.output;
}

TEST_F(ReviewE2eTest, UnknownRuleAndMissingDirectoryAreUsageErrors) {
  CreateDemoRepo(repo());
  NovaRun rule = RunNova(repo(), "review . --rules use-nulptr", false);
  EXPECT_EQ(rule.exit_code, 2);
  EXPECT_NE(rule.output.find("unknown rule 'use-nulptr'"), std::string::npos) << rule.output;
  NovaRun dir = RunNova(repo(), "review ./does-not-exist", false);
  EXPECT_EQ(dir.exit_code, 2);
  EXPECT_NE(dir.output.find("does-not-exist: not a directory"), std::string::npos) << dir.output;
}

TEST_F(ReviewE2eTest, DirectoryWithoutCompileDatabaseSaysWhereItLooked) {
  WriteFile(repo() / "a.cpp", "int* p = 0;\n");
  NovaRun run = RunNova(repo(), "review .", false);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("no compile database"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("-p BUILD_DIR"), std::string::npos);
}

TEST_F(ReviewE2eTest, BrokenTranslationUnitIsReportedNotDropped) {
  CreateDemoRepo(repo());
  WriteFile(repo() / "demo_test.cpp", "int main() { return undeclared_thing; }\n");
  NovaRun run = RunNova(repo(), "review . --format json", true);
  ASSERT_EQ(run.exit_code, 4) << run.output;  // partial: never clean
  EXPECT_EQ(run.report["summary"]["parsed_with_errors"], 1);
  ASSERT_EQ(run.report["problems"].size(), 1u);
  EXPECT_EQ(run.report["problems"][0]["file"], "demo_test.cpp");
  EXPECT_NE(run.report["problems"][0]["message"].get<std::string>().find("undeclared_thing"),
            std::string::npos);
  EXPECT_NE(run.output.find("not fully analyzed"), std::string::npos) << run.output;
}

// Regression: a review with a unit that did not parse exited 0, so a partial run looked clean.
// No --fail-on hides it, and neither does writing a baseline.
TEST_F(ReviewE2eTest, APartialReviewExitsFourWhateverFailOnSays) {
  CreateDemoRepo(repo());
  WriteFile(repo() / "demo_test.cpp", "int main() { return undeclared_thing; }\n");
  for (const char* args : {"review .", "review . --fail-on error", "review . --fail-on note",
                           "review . --write-baseline ../b.json"}) {
    NovaRun run = RunNova(repo(), args, false);
    EXPECT_EQ(run.exit_code, 4) << args << "\n" << run.output;
    EXPECT_NE(run.output.find("demo_test.cpp: note: not fully analyzed"), std::string::npos)
        << args << "\n"
        << run.output;
    EXPECT_NE(run.output.find("partial review"), std::string::npos) << args << "\n" << run.output;
  }
  // Once the unit parses, the same command is clean again.
  WriteFile(repo() / "demo_test.cpp", "int main() { return 0; }\n");
  EXPECT_EQ(RunNova(repo(), "review . --fail-on error", false).exit_code, 0);
}

}  // namespace
}  // namespace nova::testing

namespace nova::testing {
namespace {

TEST(RosterE2eTest, AgentsAndRulesAreListedOutsideAnyRepository) {
  TempDir outside;
  CommandResult agents = RunShell(outside.path(), std::string(NOVA_BINARY) + " agents");
  EXPECT_EQ(agents.exit_code, 0) << agents.output;
  for (const char* name : {"sandbox-probe", "indexer", "analyzer", "reviewer", "refactorer",
                           "nightly-planner", "verifier", "gatekeeper", "publisher", "reporter"}) {
    EXPECT_NE(agents.output.find(std::string("\n") + name + " "), std::string::npos)
        << name << " missing from:\n" << agents.output;
  }
  CommandResult rules = RunShell(outside.path(), std::string(NOVA_REVIEW_BINARY) + " --list-rules");
  EXPECT_EQ(rules.exit_code, 0);
  EXPECT_NE(rules.output.find("use-nullptr  Finds NULL and 0 used as null pointers"), std::string::npos)
      << rules.output;
  EXPECT_NE(rules.output.find("function-size  "), std::string::npos);
}

}  // namespace
}  // namespace nova::testing

namespace nova::testing {
namespace {

TEST(RobustnessE2eTest, NonUtf8SourceIsReviewedTwiceWithTheCache) {
  TempDir temp;
  const auto repo = temp.path() / "repo";
  CreateDemoRepo(repo);
  // Latin-1 bytes in a comment and in the flagged function's name line.
  WriteFile(repo / "demo_test.cpp",
            "#include \"demo.h\"\n#include <cstddef>\n// caf\xe9 \xff\nint main() { const char* p = NULL; return p ? 1 : 0; }\n");
  for (int run = 0; run < 2; ++run) {
    NovaRun review = RunNova(repo, "review . --format json", true);
    ASSERT_EQ(review.exit_code, 0) << review.output;
    ASSERT_TRUE(review.report.is_object()) << review.output;
    EXPECT_EQ(review.report["findings"].size(), 4u) << review.report.dump(2);
    EXPECT_EQ(review.report["summary"]["cache_hits"], run == 0 ? 0 : 2);
  }
}

TEST(RobustnessE2eTest, FiveMegabyteGeneratedSourceIsAnalyzedWithTheRest) {
  TempDir temp;
  const auto repo = temp.path() / "repo";
  CreateDemoRepo(repo);
  std::string big = "// generated\n";
  for (int i = 0; big.size() < 5 * 1024 * 1024; ++i) {
    big += "static const int kGeneratedTableEntry" + std::to_string(i) + " = " + std::to_string(i) +
           ";  // padding to look like real generated code\n";
  }
  big += "int* Generated() { return 0; }\n";
  WriteFile(repo / "generated.cpp", big);
  WriteFile(repo / "CMakeLists.txt",
            ReadFile(repo / "CMakeLists.txt") + "add_library(generated generated.cpp)\n");
  NovaRun review = RunNova(repo, "review . --format json", true);
  ASSERT_EQ(review.exit_code, 0) << review.output;
  EXPECT_EQ(review.report["summary"]["translation_units"], 3);
  EXPECT_EQ(review.report["summary"]["parsed_with_errors"], 0);
  int in_generated = 0;
  for (const auto& f : review.report["findings"]) in_generated += f["file"] == "generated.cpp";
  EXPECT_EQ(in_generated, 1);
  EXPECT_EQ(review.report["findings"].size(), 4u);
}

}  // namespace
}  // namespace nova::testing
