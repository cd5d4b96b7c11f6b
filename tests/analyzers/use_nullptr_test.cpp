#include <gtest/gtest.h>

#include <algorithm>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

TEST(UseNullptrTest, GoldenFixture) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-nullptr", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 1);
  testing::ExpectMatchesGolden(*result, dir.path());
}

TEST(UseNullptrTest, FindingsCarryMessageSnippetAndEdit) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-nullptr", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const std::string file = (dir.path() / "use_nullptr.cpp").string();
  const std::string contents = testing::ReadFile(file);
  ASSERT_FALSE(result->findings.empty());
  for (const core::Finding& finding : result->findings) {
    EXPECT_EQ(finding.file, file);
    EXPECT_EQ(finding.severity, core::Severity::kWarning);
    EXPECT_TRUE(finding.message == "use nullptr instead of " + finding.snippet ||
                finding.message == "use nullptr instead of NULL in macro 'NO_WIDGET'")
        << finding.message;
    ASSERT_EQ(finding.fix.size(), 1u);
    const core::Edit& edit = finding.fix[0];
    EXPECT_EQ(edit.file, file);
    EXPECT_EQ(edit.replacement, "nullptr");
    EXPECT_EQ(contents.substr(edit.offset, edit.length), finding.snippet);
    EXPECT_EQ(finding.end_line, finding.line);
    EXPECT_EQ(finding.end_column - finding.column, static_cast<int>(finding.snippet.size()));
  }
  auto first = result->findings.front();
  EXPECT_EQ(first.snippet, "NULL");
  EXPECT_EQ(first.line, 4);
  EXPECT_EQ(first.column, 20);
}

TEST(UseNullptrTest, AppliedEditsParseCleanlyAndLeaveNothingToFlag) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-nullptr", dir.path());
  auto before = Analyze(options);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  std::vector<core::Edit> edits;
  for (const core::Finding& finding : before->findings) {
    edits.insert(edits.end(), finding.fix.begin(), finding.fix.end());
  }
  ASSERT_GT(edits.size(), 10u);
  // Apply from the end so earlier offsets stay valid.
  std::sort(edits.begin(), edits.end(),
            [](const core::Edit& a, const core::Edit& b) { return a.offset > b.offset; });
  const fs::path file = dir.path() / "use_nullptr.cpp";
  std::string contents = testing::ReadFile(file);
  for (const core::Edit& edit : edits) contents.replace(edit.offset, edit.length, edit.replacement);
  testing::WriteFile(file, contents);

  auto after = Analyze(options);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->translation_units, 1);
  EXPECT_EQ(after->parsed_with_errors, 0);
  EXPECT_TRUE(after->problems.empty());
  EXPECT_TRUE(after->findings.empty())
      << testing::Describe(testing::AsExpectations(after->findings));
  // The system header's own literal and macro body stay untouched.
  EXPECT_NE(testing::ReadFile(dir.path() / "system" / "null.h").find("#define NULL __null"),
            std::string::npos);
}

TEST(UseNullptrTest, OverlayContentIsAnalyzedInsteadOfDisk) {
  TempDir dir;
  const fs::path file = dir.path() / "a.cpp";
  testing::WriteFile(file, "int* p = nullptr;\n");
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands = testing::WriteCompileDb(
      dir.path(), nlohmann::json::array({testing::CompileEntry(dir.path(), file)}));
  const std::string overlay = "// committed version\nint* p = 0;\n";
  options.overlay[file.string()] = overlay;
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->findings.size(), 1u);
  const core::Finding& finding = result->findings[0];
  EXPECT_EQ(finding.line, 2);
  ASSERT_EQ(finding.fix.size(), 1u);
  EXPECT_EQ(overlay.substr(finding.fix[0].offset, finding.fix[0].length), "0");
}

// C has no nullptr: a unit compiled as C is never flagged (google/leveldb's db/c_test.c was,
// and its patch failed the reparse proof).
TEST(UseNullptrTest, UnitsCompiledAsCAreLeftAlone) {
  TempDir dir;
  // Read by both units; the C unit comes first in the database, so it claims the header first.
  testing::WriteFile(dir.path() / "shared.h",
                     "#pragma once\n"
                     "#ifdef __cplusplus\n#define NULL __null\n#else\n#define NULL ((void*)0)\n#endif\n"
                     "static inline int IsMissing(const char* p) { return p == NULL; }\n");
  const fs::path c_file = dir.path() / "c_api_test.c";
  testing::WriteFile(c_file,
                     "#include \"shared.h\"\n"
                     "void take(char* key, int length);\n"
                     "void run(void) { take(NULL, 0); take(0, 0); char* p = 0; (void)p; }\n");
  const fs::path cpp_file = dir.path() / "same.cpp";
  testing::WriteFile(cpp_file,
                     "#include \"shared.h\"\n"
                     "void take(char* key, int length);\nvoid run() { take(0, 0); }\n");
  nlohmann::json c_entry = {
      {"directory", dir.path().string()},
      {"file", c_file.string()},
      {"arguments", {"cc", "-std=c11", "-c", "-o", "c_api_test.o", c_file.string()}}};
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.rules = {"use-nullptr"};
  options.jobs = 1;
  options.compile_commands = testing::WriteCompileDb(
      dir.path(), nlohmann::json::array({c_entry, testing::CompileEntry(dir.path(), cpp_file)}));
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  // Only the C++ view: the header's NULL as C++ reads it, and the C++ unit's own call.
  ASSERT_EQ(result->findings.size(), 2u) << testing::DumpFindings(result->findings);
  EXPECT_EQ(fs::path(result->findings[0].file).filename(), "same.cpp");
  EXPECT_EQ(fs::path(result->findings[1].file).filename(), "shared.h");
  EXPECT_EQ(result->findings[1].line, 7);
}

TEST(UseNullptrTest, RejectsOptions) {
  core::Status status = ValidateRuleOptions({{"use-nullptr", {{"severity", "error"}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rules.use-nullptr.severity: unknown key");
  EXPECT_TRUE(ValidateRuleOptions({{"use-nullptr", nlohmann::json::object()}}).ok());
}

}  // namespace
}  // namespace nova::analyzers
