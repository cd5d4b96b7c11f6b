#include "refactorer/reparse_proof.h"

#include <gtest/gtest.h>

#include "nova-core/cancellation.h"
#include "support/test_support.h"

namespace nova::refactorer {
namespace {

namespace fs = std::filesystem;
using analyzers::libclang::CompileCommand;
using nova::testing::TempDir;
using nova::testing::WriteFile;

constexpr const char* kHeader = "#pragma once\ninline int Twice(int x) { return 2 * x; }\n";

// Three units: a.cpp and b.cpp include h.h, c.cpp does not.
class ReparseProofTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.path() / "h.h", kHeader);
    WriteFile(dir_.path() / "a.cpp", "#include \"h.h\"\nint A() { return Twice(1); }\n");
    WriteFile(dir_.path() / "b.cpp", "#include \"h.h\"\nint B() { return Twice(2); }\n");
    WriteFile(dir_.path() / "c.cpp", "int C() { return 3; }\n");
    for (const char* name : {"a.cpp", "b.cpp", "c.cpp"}) {
      units_.push_back(
          CompileCommand{dir_.path() / name,
                         dir_.path(),
                         {"clang++", "-std=c++20", "-Wall", "-c", (dir_.path() / name).string()}});
    }
  }
  std::string Path(const char* name) const { return (dir_.path() / name).string(); }

  TempDir dir_;
  std::vector<CompileCommand> units_;
};

TEST_F(ReparseProofTest, AHarmlessPatchPassesAndOnlyTheUnitsReadingTheFileAreReparsed) {
  auto verdict = ProvePatchCompiles(
      units_, {}, {{Path("h.h"), "#pragma once\ninline int Twice(int x) { return x + x; }\n"}});
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->passed) << verdict->diagnostic;
  EXPECT_EQ(verdict->reparsed, (std::vector<std::string>{Path("a.cpp"), Path("b.cpp")}));
}

TEST_F(ReparseProofTest, APatchThatBreaksCompilationFailsWithTheDiagnostic) {
  // Renames the function in the header only: both users no longer compile.
  auto verdict = ProvePatchCompiles(
      units_, {}, {{Path("h.h"), "#pragma once\ninline int Double(int x) { return 2 * x; }\n"}});
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_FALSE(verdict->passed);
  EXPECT_EQ(verdict->unit, Path("a.cpp"));
  EXPECT_NE(verdict->diagnostic.find("a.cpp:2:"), std::string::npos) << verdict->diagnostic;
  EXPECT_NE(verdict->diagnostic.find("error"), std::string::npos) << verdict->diagnostic;
  EXPECT_NE(verdict->diagnostic.find("Twice"), std::string::npos) << verdict->diagnostic;
}

TEST_F(ReparseProofTest, ANewWarningFailsTheProof) {
  auto verdict =
      ProvePatchCompiles(units_, {}, {{Path("c.cpp"), "int C() { int unused = 0; return 3; }\n"}});
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_FALSE(verdict->passed);
  EXPECT_EQ(verdict->unit, Path("c.cpp"));
  EXPECT_NE(verdict->diagnostic.find("unused"), std::string::npos) << verdict->diagnostic;
}

TEST_F(ReparseProofTest, AWarningTheBaseAlreadyHadIsNotBlamedOnThePatch) {
  WriteFile(dir_.path() / "c.cpp", "int C() { int unused_one = 0; return 3; }\n");
  // The patch renames the variable and shifts it a line down: the same warning, not a new one.
  auto verdict = ProvePatchCompiles(
      units_, {}, {{Path("c.cpp"), "\nint C() { int unused_two = 0; return 3; }\n"}});
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->passed) << verdict->diagnostic;
}

TEST_F(ReparseProofTest, TheBaseOverlayIsWhatThePatchIsComparedWith) {
  // On disk the user broke a.cpp; the base (the overlay) is fine, and so is the patch.
  WriteFile(dir_.path() / "a.cpp", "#include \"h.h\"\nint A() { return Twice(1) }\n");
  const std::string base = "#include \"h.h\"\nint A() { return Twice(1); }\n";
  auto verdict =
      ProvePatchCompiles(units_, {{Path("a.cpp"), base}},
                         {{Path("a.cpp"), "#include \"h.h\"\nint A() { return Twice(3); }\n"}});
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->passed) << verdict->diagnostic;
}

TEST_F(ReparseProofTest, AHeaderReachedThroughASymlinkIsStillSeenAsTouched) {
  fs::create_directory(dir_.path() / "inc");
  fs::create_symlink(dir_.path() / "h.h", dir_.path() / "inc" / "link.h");
  WriteFile(dir_.path() / "a.cpp", "#include \"inc/link.h\"\nint A() { return Twice(1); }\n");
  auto verdict = ProvePatchCompiles(
      units_, {}, {{Path("h.h"), "#pragma once\ninline int Double(int x) { return 2 * x; }\n"}});
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_FALSE(verdict->passed);
  EXPECT_EQ(verdict->unit, Path("a.cpp"));
}

TEST_F(ReparseProofTest, AUnitWhoseBaseDoesNotParseIsUnprovenNotAnError) {
  units_.push_back(CompileCommand{dir_.path() / "missing.cpp",
                                  dir_.path(),
                                  {"clang++", "-std=c++20", "-c", Path("missing.cpp")}});
  auto verdict = ProvePatchCompiles(
      units_, {}, {{Path("h.h"), "#pragma once\ninline int Twice(int x) { return x + x; }\n"}});
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->passed) << verdict->diagnostic;
  EXPECT_EQ(verdict->unproven, std::vector<std::string>{Path("missing.cpp")});
}

TEST_F(ReparseProofTest, ACancelledProofStopsWithTheTokensReasonAndReportsProgress) {
  core::CancelToken token;
  std::vector<std::string> progress;
  core::WorkHooks hooks;
  hooks.cancel = &token;
  hooks.progress = [&](std::string_view what) { progress.emplace_back(what); };
  ReparseProver prover(units_, {}, hooks);
  auto first = prover.Prove({{Path("c.cpp"), "int C() { return 4; }\n"}});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->passed);
  EXPECT_EQ(progress.size(), 4u);  // three bases and the one unit reading c.cpp
  token.Cancel(core::CancelledError("SIGINT"));
  auto second = prover.Prove({{Path("c.cpp"), "int C() { return 5; }\n"}});
  EXPECT_EQ(second.status().code(), core::StatusCode::kCancelled);
  EXPECT_EQ(second.status().message(), "SIGINT");
}

// Parallel parses reach a serial proof's verdict: the first failing unit in database order, and
// every unit before it listed as reparsed, whichever worker finished first.
TEST_F(ReparseProofTest, WorkersInParallelReachTheSerialVerdict) {
  for (const char* name : {"d.cpp", "e.cpp", "f.cpp"}) {
    WriteFile(dir_.path() / name, "#include \"h.h\"\nint F() { return Twice(3); }\n");
    units_.push_back(CompileCommand{dir_.path() / name,
                                    dir_.path(),
                                    {"clang++", "-std=c++20", "-c", (dir_.path() / name).string()}});
  }
  // e.cpp and f.cpp break (they call Twice with no argument); a, b and d still compile.
  WriteFile(dir_.path() / "e.cpp", "#include \"h.h\"\nint E() { return Twice(); }\n");
  WriteFile(dir_.path() / "f.cpp", "#include \"h.h\"\nint G() { return Twice(); }\n");
  const std::map<std::string, std::string> patch = {
      {Path("h.h"), "#pragma once\ninline int Twice(int x = 0) { return x + x; }\n"}};
  // The base already fails in e and f; the patch fixes them, so it adds nothing.
  for (int jobs : {1, 2, 4}) {
    ReparseProver prover(units_, {}, {}, jobs);
    auto verdict = prover.Prove(patch);
    ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
    EXPECT_TRUE(verdict->passed) << jobs << ": " << verdict->diagnostic;
    EXPECT_EQ(verdict->reparsed.size(), 5u) << jobs;
  }
  const std::map<std::string, std::string> breaking = {
      {Path("h.h"), "#pragma once\ninline int Twice(int x, int y) { return x + y; }\n"}};
  for (int jobs : {1, 2, 4}) {
    ReparseProver prover(units_, {}, {}, jobs);
    auto verdict = prover.Prove(breaking);
    ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
    EXPECT_FALSE(verdict->passed);
    EXPECT_EQ(verdict->unit, Path("a.cpp")) << jobs;
    EXPECT_NE(verdict->diagnostic.find("a.cpp:2:"), std::string::npos) << verdict->diagnostic;
    EXPECT_EQ(verdict->reparsed, (std::vector<std::string>{Path("a.cpp")})) << jobs;
  }
}

}  // namespace
}  // namespace nova::refactorer
