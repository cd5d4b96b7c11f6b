// The build identity in cache keys: derived from the analysis sources by the build (the real
// cmake script run on real files), and a cache written under one identity is a miss under
// another.
#include "analyzers/cache/build_identity.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

// The digest source_digest.cmake writes for `files` (absolute paths) below `root`.
std::string DigestOf(const fs::path& root, const std::vector<fs::path>& files,
                     const fs::path& work) {
  std::string list;
  for (const fs::path& file : files) list += file.string() + "\n";
  WriteFile(work / "list.txt", list);
  const fs::path header = work / "digest.h";
  nova::testing::CommandResult run = nova::testing::RunShell(
      work, std::string(NOVA_CMAKE_COMMAND) + " -DROOT=" + root.string() +
                " -DLIST_FILE=" + (work / "list.txt").string() + " -DOUTPUT=" + header.string() +
                " -P " + NOVA_SOURCE_DIGEST_SCRIPT);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  std::smatch match;
  const std::string text = ReadFile(header);
  const std::regex define("#define NOVA_ANALYSIS_SOURCE_DIGEST \"([0-9a-f]{64})\"");
  return std::regex_search(text, match, define) ? match[1].str() : "(no digest in " + text + ")";
}

TEST(BuildIdentityTest, NamesTheSourceDigestAndTheLibraries) {
  const std::regex shape("sources [0-9a-f]{64}; libclang .*[0-9]+\\.[0-9]+.*; libgit2 [0-9.]+");
  EXPECT_TRUE(std::regex_match(BuildIdentity(), shape)) << BuildIdentity();
}

TEST(BuildIdentityTest, TheDigestCoversTheRulesAndTheEngine) {
  const std::string list = ReadFile(NOVA_ANALYSIS_SOURCE_LIST);
  for (const char* file : {"/analyzers/rules/use_nullptr.cpp", "/analyzers/rules/stale_todo.cpp",
                           "/analyzers/analyzer.cpp", "/analyzers/cache/tu_cache.cpp",
                           "/nova-core/git/repository.cpp"}) {
    EXPECT_NE(list.find(file), std::string::npos) << file << " not in the digest's list";
  }
}

TEST(BuildIdentityTest, TheBinarysDigestIsThatOfTheSourcesItWasBuiltFrom) {
  std::vector<fs::path> files;
  std::istringstream list(ReadFile(NOVA_ANALYSIS_SOURCE_LIST));
  for (std::string line; std::getline(list, line);) {
    if (!line.empty()) files.push_back(line);
  }
  TempDir work;
  const std::string digest = DigestOf(NOVA_SOURCE_ROOT, files, work.path());
  EXPECT_EQ(BuildIdentity().substr(0, 8 + 64), "sources " + digest);
}

TEST(BuildIdentityTest, EditingOneSourceChangesTheDigest) {
  TempDir sources;
  TempDir work;
  const fs::path rule = sources.path() / "rules" / "a_rule.cpp";
  const fs::path engine = sources.path() / "engine.cpp";
  WriteFile(rule, "int Rule() { return 1; }\n");
  WriteFile(engine, "int Engine() { return 2; }\n");
  const std::string before = DigestOf(sources.path(), {engine, rule}, work.path());
  EXPECT_EQ(DigestOf(sources.path(), {engine, rule}, work.path()), before);
  WriteFile(rule, "int Rule() { return 3; }\n");
  const std::string after = DigestOf(sources.path(), {engine, rule}, work.path());
  EXPECT_NE(after, before);
  // A file renamed with the same content is another source tree too.
  fs::rename(rule, sources.path() / "rules" / "b_rule.cpp");
  EXPECT_NE(DigestOf(sources.path(), {engine, sources.path() / "rules" / "b_rule.cpp"}, work.path()),
            after);
}

TEST(BuildIdentityTest, AMissingListedFileFailsTheBuildStep) {
  TempDir work;
  WriteFile(work.path() / "list.txt", (work.path() / "gone.cpp").string() + "\n");
  nova::testing::CommandResult run = nova::testing::RunShell(
      work.path(), std::string(NOVA_CMAKE_COMMAND) + " -DROOT=" + work.path().string() +
                       " -DLIST_FILE=list.txt -DOUTPUT=digest.h -P " + NOVA_SOURCE_DIGEST_SCRIPT);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("gone.cpp does not exist"), std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace nova::analyzers
