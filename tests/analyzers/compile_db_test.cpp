#include "analyzers/libclang/compile_db.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "analyzers/libclang/command_line.h"

namespace nova::analyzers::libclang {
namespace {

using Args = std::vector<std::string>;

bool Contains(const Args& args, const std::string& arg) {
  return std::find(args.begin(), args.end(), arg) != args.end();
}

TEST(SplitCommandLineTest, HandlesQuotesAndEscapes) {
  auto words = SplitCommandLine(R"(c++  -DA="x y" -DB='q "r"' -DC=a\ b "-DD=\"s\"" -c f.cpp)");
  ASSERT_TRUE(words.ok());
  EXPECT_EQ(*words, (Args{"c++", "-DA=x y", "-DB=q \"r\"", "-DC=a b", "-DD=\"s\"", "-c", "f.cpp"}));
  EXPECT_EQ(*SplitCommandLine("a ''"), (Args{"a", ""}));
}

TEST(SplitCommandLineTest, UnterminatedQuoteIsInvalidArgument) {
  auto words = SplitCommandLine("c++ -DA=\"x");
  ASSERT_FALSE(words.ok());
  EXPECT_EQ(words.status().code(), core::StatusCode::kInvalidArgument);
}

TEST(CompileDatabaseTest, ParsesBothFormsAndResolvesRelativePaths) {
  auto db = ParseCompileDatabase(R"([
    {"directory": "/p/build", "file": "../src/a.cpp", "arguments": ["c++", "-c", "../src/a.cpp"]},
    {"directory": "sub", "file": "b.cpp", "command": "c++ -DX='1 2' -c b.cpp"},
    {"directory": "/p/build", "file": "/p/src/a.cpp", "command": "c++ -DDUP -c a.cpp"}
  ])",
                                 "db.json", "/base");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_EQ(db->size(), 2u);  // the duplicate of a.cpp is dropped
  EXPECT_EQ((*db)[0].file, "/p/src/a.cpp");
  EXPECT_EQ((*db)[0].directory, "/p/build");
  EXPECT_EQ((*db)[0].argv, (Args{"c++", "-c", "../src/a.cpp"}));
  EXPECT_EQ((*db)[1].file, "/base/sub/b.cpp");
  EXPECT_EQ((*db)[1].argv, (Args{"c++", "-DX=1 2", "-c", "b.cpp"}));
}

TEST(CompileDatabaseTest, ReportsFilesListedMoreThanOnce) {
  std::vector<DuplicateFile> duplicates;
  auto db = ParseCompileDatabase(R"([
    {"directory": "/p", "file": "a.cpp", "command": "c++ -DFIRST -c a.cpp"},
    {"directory": "/p", "file": "b.cpp", "command": "c++ -c b.cpp"},
    {"directory": "/p", "file": "a.cpp", "command": "c++ -DSECOND -c a.cpp"},
    {"directory": "/p", "file": "./a.cpp", "command": "c++ -DTHIRD -c a.cpp"}
  ])",
                                 "db.json", "/", &duplicates);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_EQ(db->size(), 2u);
  EXPECT_EQ((*db)[0].argv, (Args{"c++", "-DFIRST", "-c", "a.cpp"}));
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_EQ(duplicates[0].file, "/p/a.cpp");
  EXPECT_EQ(duplicates[0].entries, 3);
}

TEST(CompileDatabaseTest, ErrorsNameTheEntryAndKey) {
  auto no_command =
      ParseCompileDatabase(R"([{"directory": "/", "file": "a.cpp"}])", "db.json", "/");
  ASSERT_FALSE(no_command.ok());
  EXPECT_EQ(no_command.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(no_command.status().message(), "db.json: entry 0: needs \"arguments\" or \"command\"");

  auto bad_args = ParseCompileDatabase(R"([{"directory": "/", "file": "a.cpp", "arguments": [1]}])",
                                       "db.json", "/");
  ASSERT_FALSE(bad_args.ok());
  EXPECT_EQ(bad_args.status().message(),
            "db.json: entry 0.arguments: expected an array of strings");

  auto not_array = ParseCompileDatabase("{}", "db.json", "/");
  ASSERT_FALSE(not_array.ok());
  EXPECT_EQ(not_array.status().message(), "db.json: expected a JSON array");

  auto syntax = ParseCompileDatabase("[\n\n  {,\n]", "db.json", "/");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().message().rfind("db.json:3: invalid JSON", 0), 0u)
      << syntax.status().message();
}

TEST(ClangArgumentsTest, DropsOutputsAndGccOnlyFlagsAndAddsResourceDir) {
  CompileCommand command{"/p/src/a.cpp",
                         "/p/build",
                         {"/usr/bin/ccache",
                          "/usr/bin/g++",
                          "-Iinc",
                          "-I",
                          "/abs",
                          "-isystem",
                          "sys",
                          "-O2",
                          "-Werror",
                          "-Werror=shadow",
                          "-fconcepts-diagnostics-depth=2",
                          "-MD",
                          "-MT",
                          "a.o",
                          "-MF",
                          "a.o.d",
                          "-o",
                          "a.o",
                          "-c",
                          "../src/a.cpp"}};
  Args args = ClangArguments(command, "/res");
  EXPECT_EQ(args, (Args{"/usr/bin/g++", "-I/p/build/inc", "-I", "/abs", "-isystem", "/p/build/sys",
                        "-O2", "-working-directory=/p/build", "-resource-dir", "/res",
                        "-Wno-unknown-warning-option"}));
  EXPECT_FALSE(Contains(args, "../src/a.cpp"));
}

TEST(CompilesAsCTest, FollowsXFlagThenDriverThenExtension) {
  auto command = [](const char* file, Args argv) {
    return CompileCommand{file, "/p", std::move(argv)};
  };
  EXPECT_TRUE(CompilesAsC(command("/p/a.c", {"/usr/bin/gcc", "-c", "a.c"})));
  EXPECT_TRUE(CompilesAsC(command("/p/a.c", {"ccache", "cc", "-c", "a.c"})));
  EXPECT_TRUE(CompilesAsC(command("/p/a.m", {"clang", "-c", "a.m"})));
  EXPECT_FALSE(CompilesAsC(command("/p/a.cpp", {"gcc", "-c", "a.cpp"})));
  EXPECT_FALSE(CompilesAsC(command("/p/a.c", {"clang++", "-c", "a.c"})));
  EXPECT_FALSE(CompilesAsC(command("/p/a.c", {"g++-12", "-c", "a.c"})));
  EXPECT_FALSE(CompilesAsC(command("/p/a.c", {"clang", "--driver-mode=g++", "-c", "a.c"})));
  EXPECT_TRUE(CompilesAsC(command("/p/a.cpp", {"clang++", "-x", "c", "-c", "a.cpp"})));
  EXPECT_TRUE(CompilesAsC(command("/p/a.h", {"clang", "-xc-header", "a.h"})));
  EXPECT_FALSE(CompilesAsC(command("/p/a.c", {"gcc", "-x", "c++", "-c", "a.c"})));
  EXPECT_FALSE(CompilesAsC(command("/p/a.mm", {"clang", "-x", "objective-c++", "a.mm"})));
  // A -x after the file does not apply to it.
  EXPECT_TRUE(CompilesAsC(command("/p/a.c", {"gcc", "-c", "a.c", "-x", "c++", "b.cpp"})));
}

}  // namespace
}  // namespace nova::analyzers::libclang
