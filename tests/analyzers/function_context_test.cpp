// The function definitions of a unit with their extents and references, as the model agents
// show a function with its callers and callees: checked on a real parse.
#include "analyzers/function_context.h"

#include <gtest/gtest.h>

#include "analyzers/libclang/compile_db.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

using testing::TempDir;
using testing::WriteProject;

TEST(FunctionContextTest, DefinitionsHaveExtentsCallersAndCallees) {
  TempDir dir;
  const std::string source = R"(namespace app {
int Leaf(int v) { return v + 1; }
struct Box {
  int Get() const { return Leaf(value); }
  int value = 0;
};
}  // namespace app
int Top(const app::Box& box) {
  return app::Leaf(box.Get());
}
int Declared(int);
)";
  AnalyzeOptions options = WriteProject(dir.path(), {{"a.cpp", source}});
  auto units = libclang::LoadCompileDatabase(options.compile_commands);
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  auto functions = ListFunctions(units->at(0), {});
  ASSERT_TRUE(functions.ok()) << functions.status().ToString();
  ASSERT_EQ(functions->size(), 3u);  // Declared has no definition
  const FunctionFacts& leaf = (*functions)[0];
  const FunctionFacts& get = (*functions)[1];
  const FunctionFacts& top = (*functions)[2];
  EXPECT_EQ(leaf.name, "app::Leaf(int)");
  EXPECT_EQ(get.name, "app::Box::Get()");
  EXPECT_EQ(top.name, "Top(const app::Box &)");
  EXPECT_EQ(top.begin_line, 8);
  EXPECT_EQ(top.end_line, 10);
  EXPECT_EQ(source.substr(top.begin_offset, top.end_offset - top.begin_offset),
            "int Top(const app::Box& box) {\n  return app::Leaf(box.Get());\n}");

  EXPECT_EQ(FunctionAt(*functions, 9), &top);
  EXPECT_EQ(FunctionAt(*functions, 11), nullptr);
  const auto callers = CallersOf(*functions, leaf, 4);
  ASSERT_EQ(callers.size(), 2u);
  EXPECT_EQ(callers[0], &get);
  EXPECT_EQ(callers[1], &top);
  EXPECT_EQ(CallersOf(*functions, leaf, 1).size(), 1u);  // bounded
  const auto callees = CalleesOf(*functions, top, 4);
  ASSERT_EQ(callees.size(), 2u);
  EXPECT_EQ(callees[0], &leaf);
  EXPECT_EQ(callees[1], &get);
}

}  // namespace
}  // namespace nova::analyzers
