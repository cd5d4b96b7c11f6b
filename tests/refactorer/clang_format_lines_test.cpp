// ClangFormatLines with the real clang-format: only the lines asked for change.
#include "refactorer/clang_format_lines.h"

#include <gtest/gtest.h>

#include "nova-core/process/boost_process_runner.h"
#include "support/test_support.h"

namespace nova::refactorer {
namespace {

TEST(ClangFormatLinesTest, FormatsTheTouchedLinesAndLeavesTheOthersAsTheyWere) {
  nova::testing::TempDir dir;
  core::BoostProcessRunner runner;
  ClangFormatLines formatter({"clang-format", dir.path() / "scratch", std::chrono::seconds(60)},
                             runner);
  const std::string content =
      "int   untouched(  int a ) {return a;}\n"
      "int   touched(  int a ) {return a;}\n"
      "int   also_untouched(  int a ) {return a;}\n";
  auto formatted = formatter.Format("BasedOnStyle: Google\n", content, "src/x.cpp", {{2, 2}});
  ASSERT_TRUE(formatted.ok()) << formatted.status().ToString();
  EXPECT_EQ(*formatted,
            "int   untouched(  int a ) {return a;}\n"
            "int touched(int a) { return a; }\n"
            "int   also_untouched(  int a ) {return a;}\n");
}

TEST(ClangFormatLinesTest, AMissingProgramIsAnError) {
  nova::testing::TempDir dir;
  core::BoostProcessRunner runner;
  ClangFormatLines formatter({"no-such-clang-format", dir.path(), std::chrono::seconds(10)},
                             runner);
  auto formatted = formatter.Format("BasedOnStyle: Google\n", "int x;\n", "x.cpp", {{1, 1}});
  EXPECT_FALSE(formatted.ok());
  EXPECT_EQ(formatted.status().code(), core::StatusCode::kNotFound)
      << formatted.status().ToString();
}

}  // namespace
}  // namespace nova::refactorer
