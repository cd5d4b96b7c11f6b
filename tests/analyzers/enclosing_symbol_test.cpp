// Every finding carries the qualified name of the declaration it lies in, which the reviewer
// folds into its fingerprint: checked on a real parse, through a macro and an anonymous namespace.
#include <gtest/gtest.h>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

using testing::TempDir;
using testing::WriteProject;

TEST(EnclosingSymbolTest, FindingsNameTheirEnclosingDeclaration) {
  TempDir dir;
  AnalyzeOptions options = WriteProject(dir.path(), {{"a.cpp", R"(#include <cstddef>
#define NOTHING NULL
namespace app {
typedef int Count;
struct Widget {
  int* Resize(int n) { int* p = NOTHING; int* q = NULL; return n > 0 ? p : q; }
  int* Resize(long n);
};
int* Widget::Resize(long) { return NULL; }
namespace {
int* Helper() { return NULL; }
}  // namespace
}  // namespace app
int* top = NULL;
)"}});
  options.rules = {"use-nullptr", "use-using"};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  std::vector<std::pair<int, std::string>> symbols;
  for (const core::Finding& f : result->findings) symbols.push_back({f.line, f.symbol});
  const std::vector<std::pair<int, std::string>> expected = {
      {2, ""},  // the NULL in the body of the project's macro NOTHING, fixed there
      {4, "app::Count"},
      {6, "app::Widget::Resize(int)"},
      {9, "app::Widget::Resize(long)"},
      {11, "app::(anonymous)::Helper()"},
      {14, ""},
  };
  EXPECT_EQ(symbols, expected);
}

}  // namespace
}  // namespace nova::analyzers
