#include "analyzers/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "analyzers/registry.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::CompileEntry;
using testing::TempDir;
using testing::WriteCompileDb;
using testing::WriteFile;

TEST(AnalyzerTest, HeaderIncludedByTwoUnitsReportsOnce) {
  TempDir dir;
  WriteFile(dir.path() / "common.h", "#pragma once\ninline int* Common() { return 0; }\n");
  WriteFile(dir.path() / "a.cpp", "#include \"common.h\"\nint* a = Common();\n");
  WriteFile(dir.path() / "b.cpp", "#include \"common.h\"\nint* b = Common();\n");
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands =
      WriteCompileDb(dir.path(), json::array({CompileEntry(dir.path(), dir.path() / "a.cpp"),
                                              CompileEntry(dir.path(), dir.path() / "b.cpp")}));
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 2);
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].file, (dir.path() / "common.h").string());
  EXPECT_EQ(result->findings[0].line, 2);
}

TEST(AnalyzerTest, FilesOutsideRootAndSystemHeadersAreNeverReported) {
  TempDir dir;
  const fs::path project = dir.path() / "project";
  WriteFile(dir.path() / "outside" / "ext.h", "inline int* Ext() { return 0; }\n");
  WriteFile(project / "sys" / "sys.h", "inline int* Sys() { return 0; }\n");
  WriteFile(project / "main.cpp", "#include \"ext.h\"\n#include <sys.h>\nint* m = 0;\n");
  AnalyzeOptions options;
  options.project_root = project;
  options.compile_commands =
      WriteCompileDb(project, json::array({CompileEntry(project, project / "main.cpp",
                                                        {"-I", "../outside", "-isystem", "sys"})}));
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->parsed_with_errors, 0);
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].file, (project / "main.cpp").string());
}

TEST(AnalyzerTest, ExcludedGlobsAreNotReported) {
  TempDir dir;
  WriteFile(dir.path() / "third_party" / "lib" / "x.h", "inline int* X() { return 0; }\n");
  WriteFile(dir.path() / "src" / "gen_y.h", "inline int* Y() { return 0; }\n");
  WriteFile(dir.path() / "src" / "main.cpp",
            "#include \"../third_party/lib/x.h\"\n#include \"gen_y.h\"\nint* m = 0;\n");
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.exclude = {"third_party", "**/gen_*.h"};
  options.compile_commands = WriteCompileDb(
      dir.path(), json::array({CompileEntry(dir.path(), dir.path() / "src" / "main.cpp")}));
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].file, (dir.path() / "src" / "main.cpp").string());
}

TEST(AnalyzerTest, MissingFileBecomesProblemAndOthersAreAnalyzed) {
  TempDir dir;
  WriteFile(dir.path() / "a.cpp", "int* a = 0;\n");
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands =
      WriteCompileDb(dir.path(), json::array({CompileEntry(dir.path(), dir.path() / "gone.cpp"),
                                              CompileEntry(dir.path(), dir.path() / "a.cpp"),
                                              CompileEntry(dir.path(), dir.path() / "a.cpp")}));
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 1);  // the duplicate entry is analyzed once
  EXPECT_EQ(result->findings.size(), 1u);
  ASSERT_EQ(result->problems.size(), 1u);
  EXPECT_EQ(result->problems[0].file, (dir.path() / "gone.cpp").string());
  EXPECT_EQ(result->problems[0].message, "file does not exist");
  EXPECT_EQ(result->notes, std::vector<std::string>{"a.cpp: compiled 2 times in the compile "
                                                    "database; analyzed with the first command"});
}

TEST(AnalyzerTest, ParseErrorsAreCountedWithFirstErrorAndFindingsStillReported) {
  TempDir dir;
  WriteFile(dir.path() / "bad.cpp", "int* p = 0;\nint x = undeclared;\n");
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands =
      WriteCompileDb(dir.path(), json::array({CompileEntry(dir.path(), dir.path() / "bad.cpp")}));
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 1);
  EXPECT_EQ(result->parsed_with_errors, 1);
  ASSERT_EQ(result->problems.size(), 1u);
  EXPECT_NE(result->problems[0].message.find("bad.cpp:2: use of undeclared identifier"),
            std::string::npos)
      << result->problems[0].message;
  EXPECT_EQ(result->findings.size(), 1u);
}

// a.cpp and b.cpp, one use-nullptr finding each, and their compile database.
AnalyzeOptions TwoUnitsWithANull(const fs::path& dir) {
  WriteFile(dir / "a.cpp", "int* a = 0;\n");
  WriteFile(dir / "b.cpp", "int* b = 0;\n");
  AnalyzeOptions options;
  options.project_root = dir;
  options.compile_commands = WriteCompileDb(
      dir, json::array({CompileEntry(dir, dir / "a.cpp"), CompileEntry(dir, dir / "b.cpp")}));
  return options;
}

TEST(AnalyzerTest, OnlyFilesRestrictsTranslationUnits) {
  TempDir dir;
  AnalyzeOptions options = TwoUnitsWithANull(dir.path());
  options.only_files = {(dir.path() / "b.cpp").string()};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 1);
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].file, (dir.path() / "b.cpp").string());
}

TEST(AnalyzerTest, UnitsNotStartedWithinTheTimeBudgetBecomeProblemsNamingTheReason) {
  TempDir dir;
  AnalyzeOptions options = TwoUnitsWithANull(dir.path());
  options.start_units_until = std::chrono::steady_clock::now();
  options.stop_reason = "the time limit ran out";
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 0);
  EXPECT_TRUE(result->findings.empty());
  ASSERT_EQ(result->problems.size(), 2u);
  EXPECT_EQ(result->problems[0].file, (dir.path() / "a.cpp").string());
  EXPECT_EQ(result->problems[0].message, "not analyzed: the time limit ran out");
}

TEST(AnalyzerTest, MissingCompileDatabaseIsInvalidArgumentNamingIt) {
  TempDir dir;
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands = dir.path() / "nope" / "compile_commands.json";
  auto result = Analyze(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find(options.compile_commands.string()), std::string::npos);
}

TEST(AnalyzerTest, MalformedCompileDatabaseIsInvalidArgumentWithLine) {
  TempDir dir;
  const fs::path db = dir.path() / "compile_commands.json";
  WriteFile(db, "[\n  {\"file\": \"a.cpp\",\n   \"directory\": }\n]\n");
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands = db;
  auto result = Analyze(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find(db.string() + ":3:"), std::string::npos)
      << result.status().message();
}

TEST(AnalyzerTest, GccStyleCommandWithStddefAndCstdioParsesCleanly) {
  TempDir dir;
  const fs::path file = dir.path() / "src" / "io.cpp";
  WriteFile(dir.path() / "include" / "defs.h", "#define GREETING \"hi\"\n");
  WriteFile(
      file,
      "#include <stddef.h>\n#include <cstdio>\n#include \"defs.h\"\n"
      "int* p = NULL;\nint main() { std::printf(\"%s %zu\\n\", GREETING, sizeof(size_t)); }\n");
  json entry = {
      {"directory", (dir.path() / "build").string()},
      {"file", "../src/io.cpp"},
      {"command",
       "/usr/bin/c++ -DNAME=\"a b\" -I../include -O2 -std=gnu++20 -fno-canonical-system-headers "
       "-fconcepts-diagnostics-depth=3 -Wno-psabi -Werror -MD -MT src/io.o -MF src/io.o.d "
       "-o src/io.o -c ../src/io.cpp"}};
  fs::create_directories(dir.path() / "build");
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands = WriteCompileDb(dir.path() / "build", json::array({entry}));
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 1);
  EXPECT_EQ(result->parsed_with_errors, 0);
  for (const TuProblem& problem : result->problems) ADD_FAILURE() << problem.message;
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].snippet, "NULL");
  EXPECT_EQ(result->findings[0].file, file.string());
  EXPECT_FALSE(fs::exists(dir.path() / "build" / "src" / "io.o.d"));
}

TEST(AnalyzerTest, UnknownRulesAreRejected) {
  core::Status status = ValidateRuleOptions({{"no-such-rule", json::object()}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rules.no-such-rule: unknown rule");

  TempDir dir;
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands = WriteCompileDb(dir.path(), json::array());
  options.rules = {"no-such-rule"};
  auto result = Analyze(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "unknown rule 'no-such-rule'");
}

TEST(AnalyzerTest, ListRulesGivesEveryRegisteredRuleOnceByIdWithOneSentence) {
  std::vector<RuleInfo> rules = ListRules();
  const RuleRegistry& registry = BuiltinRules();
  ASSERT_EQ(rules.size(), registry.entries().size());
  ASSERT_FALSE(rules.empty());
  EXPECT_TRUE(std::is_sorted(rules.begin(), rules.end(),
                             [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; }));
  EXPECT_EQ(std::adjacent_find(rules.begin(), rules.end(),
                               [](const RuleInfo& a, const RuleInfo& b) { return a.id == b.id; }),
            rules.end());
  std::string docs = testing::ReadFile(fs::path(NOVA_ANALYZERS_FIXTURES) / ".." / ".." / ".." /
                                       "docs" / "rules.md");
  for (const RuleInfo& rule : rules) {
    const RuleEntry* entry = registry.Find(rule.id);
    ASSERT_NE(entry, nullptr) << rule.id;
    EXPECT_EQ(rule.description, entry->info.description);
    EXPECT_EQ(rule.capabilities.on_by_default, entry->info.capabilities.on_by_default);
    EXPECT_EQ(rule.description.back(), '.') << rule.id;
    EXPECT_NE(docs.find("## " + rule.id + "\n\n" + rule.description), std::string::npos)
        << "docs/rules.md must open the " << rule.id << " section with its description";
  }
  EXPECT_EQ(registry.Find("use-nullptr")->info.description,
            "Finds NULL and 0 used as null pointers and replaces them with nullptr.");
}

TEST(AnalyzerTest, ARuleKnowsTheIdTheRegistryCreatedItUnder) {
  for (const RuleEntry& entry : BuiltinRules().entries()) {
    auto rule = entry.create(json::object(), "rules." + entry.info.id);
    ASSERT_TRUE(rule.ok()) << entry.info.id << ": " << rule.status().ToString();
    EXPECT_EQ((*rule)->id(), entry.info.id);
  }
}

TEST(AnalyzerTest, CapabilitiesAreTheRegistrysAndUnknownIdsHaveNone) {
  for (const RuleEntry& entry : BuiltinRules().entries()) {
    std::optional<core::RuleCapabilities> capabilities = CapabilitiesOf(entry.info.id);
    ASSERT_TRUE(capabilities.has_value()) << entry.info.id;
    EXPECT_EQ(capabilities->fixable, entry.info.capabilities.fixable);
    EXPECT_EQ(capabilities->metric, entry.info.capabilities.metric);
    EXPECT_EQ(capabilities->subject_words, entry.info.capabilities.subject_words);
    // The model-refactorer rewrites a whole function, so it only takes what measures one.
    EXPECT_TRUE(!capabilities->metric || capabilities->model_rewritable) << entry.info.id;
  }
  EXPECT_FALSE(CapabilitiesOf("model-review").has_value());
  EXPECT_FALSE(CapabilitiesOf("model/function-size").has_value());
}

}  // namespace
}  // namespace nova::analyzers
