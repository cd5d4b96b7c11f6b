// End to end: a patch set that would not compile is dropped by the reparse proof, through the real
// `nova` binary: no branch, no sandbox run for it, the target unmoved, and the report names the
// diagnostic and the unit that showed it. The project mixes C and C++ around one header, the
// shape that broke a use-nullptr patch on google/leveldb.
#include <fstream>

#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

// shared.h is read by a C++ unit, where its NULL is flagged, and by a C unit, where nullptr
// does not exist.
const std::map<std::string, std::string> kMixedProject = {
    {"CMakeLists.txt",
     "cmake_minimum_required(VERSION 3.16)\nproject(mixed C CXX)\nenable_testing()\n"
     "add_library(mixed codec.c table.cpp)\nadd_executable(mixed_test mixed_test.cpp)\n"
     "target_link_libraries(mixed_test mixed)\nadd_test(NAME mixed_test COMMAND mixed_test)\n"},
    {"shared.h",
     "#pragma once\n#include <stddef.h>\n"
     "static inline int IsMissing(const char* p) { return p == NULL; }\n"},
    {"codec.c", "#include \"shared.h\"\nint Encode(const char* p) { return IsMissing(p) ? -1 : 0; }\n"},
    {"table.cpp", "#include \"shared.h\"\nint Lookup(const char* p) { return IsMissing(p); }\n"},
    {"mixed_test.cpp", "int Lookup(const char* p);\nint main() { return Lookup(\"x\"); }\n"},
};

std::vector<nlohmann::json> ProcessStarts(const std::filesystem::path& trace) {
  std::vector<nlohmann::json> starts;
  std::ifstream in(trace);
  for (std::string line; std::getline(in, line);) {
    nlohmann::json event = nlohmann::json::parse(line);
    if (event["event"] == "effect" && event["kind"] == "process_started") starts.push_back(event);
  }
  return starts;
}

TEST(FixDroppedE2eTest, APatchThatBreaksAUnitIsDroppedBeforeTheSandbox) {
  TempDir temp;
  const std::filesystem::path repo = temp.path() / "repo";
  InitRepo(repo, kMixedProject);
  Git(repo, "branch target");
  const std::string target_before = Git(repo, "rev-parse target");
  const RepoSnapshot before = SnapshotRepo(repo, "");
  const std::filesystem::path trace = temp.path() / "trace.jsonl";

  NovaRun run = RunNova(repo, "fix . -q --merge-into target --format json --trace " + trace.string(),
                        true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_TRUE(run.report.is_object()) << run.output;
  ASSERT_EQ(run.report["dropped"].size(), 1u) << run.report.dump(2);
  const nlohmann::json& dropped = run.report["dropped"][0];
  EXPECT_EQ(dropped["rule"], "use-nullptr");
  EXPECT_EQ(dropped["files"], nlohmann::json::array({"shared.h"}));
  EXPECT_NE(dropped["diagnostic"].get<std::string>().find(
                "shared.h:3:58: error: use of undeclared identifier 'nullptr'"),
            std::string::npos)
      << dropped.dump(2);
  EXPECT_NE(dropped["unit"].get<std::string>().find("codec.c"), std::string::npos)
      << dropped.dump(2);
  EXPECT_EQ(run.report["patches"], nlohmann::json::array()) << run.report.dump(2);

  // Nothing was written, built or merged for it; the user's checkout is as it was.
  EXPECT_EQ(Git(repo, "branch --list 'nova/*'"), "");
  EXPECT_EQ(Git(repo, "rev-parse target"), target_before);
  EXPECT_EQ(SnapshotRepo(repo, ""), before);
  for (const nlohmann::json& start : ProcessStarts(trace)) {
    EXPECT_EQ(start.dump().find(dropped["branch"].get<std::string>()), std::string::npos)
        << "a sandbox process for the dropped set: " << start.dump();
  }

  // The text report says so in one line.
  NovaRun text = RunNova(repo, "fix . -q --merge-into target", false);
  EXPECT_NE(text.output.find("dropped before the sandbox: " + dropped["branch"].get<std::string>() +
                             " (1 use-nullptr finding): the reparse of "),
            std::string::npos)
      << text.output;
}

}  // namespace
}  // namespace nova::testing
