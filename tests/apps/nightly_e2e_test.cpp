// End to end: the real `nova nightly` binary on a real git repository with a history (several
// authors over several months, an old TODO, a duplicated function, NULLs in the most changed
// file), verified under the real bubblewrap sandbox; then `nova history` on what it recorded,
// and a push to a local bare remote that must never show the token.
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kNovaJson[] = R"({
  "rules": {"duplicate-code": {"min_tokens": 30}},
  "sandbox": {"build": ["cmake -S . -B build -G Ninja", "cmake --build build"],
              "test": ["ctest --test-dir build --output-on-failure"]},
  "nightly": {"max_patches": 2, "target": "nova/nightly"}
})";

constexpr char kHotSource[] = R"(#include "hot.h"
#include <cstddef>

const char* FindChar(const char* text, char c) {
  if (text == NULL) return NULL;
  for (; *text != '\0'; ++text) {
    if (*text == c) return text;
  }
  return NULL;
}

int CountChar(const char* text, char c) {
  if (text == NULL) return 0;
  int n = 0;
  for (; *text != '\0'; ++text) {
    if (*text == c) ++n;
  }
  return n;
}
)";

constexpr char kUtilSource[] = R"(#include "util.h"

// TODO: report an overflow instead of wrapping around
Size Sum(const int* values, Size count) {
  Size total = 0;
  for (Size i = 0; i < count; ++i) {
    if (values[i] > 0) total += static_cast<Size>(values[i]);
  }
  return total;
}

Size SumPositive(const int* values, Size count) {
  Size total = 0;
  for (Size i = 0; i < count; ++i) {
    if (values[i] > 0) total += static_cast<Size>(values[i]);
  }
  return total;
}
)";

// A year-old utility file with a TODO and a clone, then months of changes to hot.cpp by three
// people; `nova/nightly` is the (unchecked-out) target.
void CreateNightRepo(const fs::path& dir) {
  const std::int64_t now = Now();
  fs::create_directories(dir);
  Git(dir, "init -q -b main");
  WriteFile(dir / ".nova.json", kNovaJson);
  WriteFile(
      dir / "CMakeLists.txt",
      "cmake_minimum_required(VERSION 3.16)\nproject(night CXX)\nenable_testing()\n"
      "add_library(night hot.cpp util.cpp)\nadd_executable(night_test night_test.cpp)\n"
      "target_link_libraries(night_test night)\nadd_test(NAME night_test COMMAND night_test)\n");
  WriteFile(dir / "util.h",
            "#pragma once\ntypedef unsigned long Size;\nSize Sum(const int* values, Size count);\n"
            "Size SumPositive(const int* values, Size count);\n");
  WriteFile(dir / "util.cpp", kUtilSource);
  WriteFile(dir / "shapes.h",
            "#pragma once\nstruct Shape {\n  virtual ~Shape() = default;\n"
            "  virtual int Sides() const { return 0; }\n};\n"
            "struct Square : Shape {\n  int Sides() const { return 4; }\n};\n");
  WriteFile(dir / "hot.h",
            "#pragma once\nconst char* FindChar(const char* text, char c);\n"
            "int CountChar(const char* text, char c);\n");
  WriteFile(dir / "hot.cpp", "#include \"hot.h\"\n");
  WriteFile(dir / "night_test.cpp",
            "#include \"hot.h\"\n#include \"shapes.h\"\n#include \"util.h\"\n#include <cstdio>\n\n"
            "int main() {\n  const char* s = \"hello\";\n  Square square;\n"
            "  const Shape& shape = square;\n  const int v[] = {1, -2, 3};\n"
            "  if (FindChar(s, 'l') != s + 2 || FindChar(nullptr, 'a') != nullptr) return 1;\n"
            "  if (CountChar(s, 'l') != 2 || CountChar(nullptr, 'l') != 0) return 2;\n"
            "  if (shape.Sides() != 4 || Sum(v, 3) != 4 || SumPositive(v, 3) != 4) return 3;\n"
            "  std::puts(\"ok\");\n  return 0;\n}\n");
  CommitAt(dir, "initial", "Dana", now - 400 * kDay);
  const char* authors[] = {"Alice", "Bob", "Carol", "Alice", "Bob"};
  for (int k = 0; k < 5; ++k) {
    std::string text = kHotSource;
    text += "// revision " + std::to_string(k) + "\n";
    WriteFile(dir / "hot.cpp", text);
    CommitAt(dir, "hot.cpp: revision " + std::to_string(k), authors[k], now - (60 - 10 * k) * kDay);
  }
  Git(dir, "branch nova/nightly");
}

int CountFindings(const nlohmann::json& run) {
  int total = 0;
  for (const auto& f : run["findings"]) total += f["count"].get<int>();
  return total;
}

std::map<std::string, std::string> States(const nlohmann::json& run) {
  std::map<std::string, std::string> states;  // rule -> state
  for (const auto& p : run["patches"]) states[p["rule"]] = p["state"];
  return states;
}

std::string NovaBranches(const fs::path& dir) {
  return Git(dir, "for-each-ref --format='%(refname:short)' refs/heads/nova/");
}

class NightlyE2eTest : public ::testing::Test {
 protected:
  fs::path repo() const { return temp_.path() / "repo"; }
  fs::path summary() const { return temp_.path() / "step-summary.md"; }
  NovaRun Night() {
    return RunNova(repo(),
                   "nightly . --sandbox bwrap --format json --summary " + summary().string(), true);
  }
  // Night 1 on CreateNightRepo: the hottest patches first, two of them (max_patches), merged;
  // its report files where the output says.
  void ExpectFirstNight(const NovaRun& first) {
    const nlohmann::json& run1 = first.report["run"];
    ASSERT_TRUE(run1.is_object()) << first.output;
    EXPECT_EQ(run1["status"], "ok");
    EXPECT_TRUE(first.report["previous"].is_null());
    ASSERT_EQ(run1["patches"].size(), 3u) << run1.dump(2);
    EXPECT_EQ(run1["patches"][0]["rule"], "use-nullptr");  // hot.cpp: the hottest file
    EXPECT_GT(run1["patches"][0]["hotspot_score"].get<double>(), 0.0);
    EXPECT_EQ(run1["hotspots"][0]["path"], "hot.cpp");
    EXPECT_EQ(run1["hotspots"][0]["churn"], 5);
    EXPECT_EQ(States(run1), (std::map<std::string, std::string>{{"use-nullptr", "merged"},
                                                                {"use-override", "merged"},
                                                                {"use-using", "skipped"}}));
    std::map<std::string, int> rules;
    for (const auto& f : run1["findings"]) rules[f["rule"]] += f["count"].get<int>();
    EXPECT_EQ(rules["use-nullptr"], 4);
    EXPECT_EQ(rules["stale-todo"], 1);
    EXPECT_GE(rules["duplicate-code"], 1);
    EXPECT_EQ(rules.count("hotspot"), 0u);
    // The report files and logs are where the output says.
    fs::path report_dir;
    for (const auto& entry : fs::directory_iterator(repo() / ".nova/nightly"))
      report_dir = entry.path();
    ASSERT_TRUE(fs::exists(report_dir / "report.json")) << first.output;
    EXPECT_NE(first.output.find(report_dir.string()), std::string::npos) << first.output;
    const std::string log = run1["patches"][0]["log"];
    EXPECT_TRUE(fs::exists(report_dir / log)) << log;
    const std::string markdown = ReadFile(report_dir / "report.md");
    EXPECT_NE(markdown.find("## Nova nightly review of repo"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("use-using"), std::string::npos) << markdown;  // the skipped patch
    EXPECT_NE(ReadFile(report_dir / "report.html").find("<svg"), std::string::npos);
    EXPECT_EQ(ReadFile(summary()), markdown + "\n");
  }
  // `nova history` shows the nights, oldest first; --last 2 the last two.
  void ExpectHistory(const nlohmann::json& second_id, const nlohmann::json& third_id) {
    CommandResult table = RunShell(repo(), std::string(NOVA_BINARY) + " history");
    ASSERT_EQ(table.exit_code, 0) << table.output;
    EXPECT_NE(table.output.find("findings"), std::string::npos) << table.output;
    EXPECT_NE(table.output.find("use-nullptr -4"), std::string::npos) << table.output;
    CommandResult json =
        RunShell(repo(), std::string(NOVA_BINARY) + " history --last 2 --format json");
    ASSERT_EQ(json.exit_code, 0) << json.output;
    const auto history = nlohmann::json::parse(json.output, nullptr, false);
    ASSERT_TRUE(history.is_object()) << json.output;
    ASSERT_EQ(history["runs"].size(), 2u);
    EXPECT_EQ(history["runs"][0]["id"], second_id);
    EXPECT_EQ(history["runs"][1]["id"], third_id);
  }
  TempDir temp_;
};

TEST_F(NightlyE2eTest, RepeatedNightsMergeEachPatchOnceAndTheHistoryShowsThem) {
  CreateNightRepo(repo());
  const RepoSnapshot before = SnapshotRepo(repo(), "nova/nightly");

  NovaRun first = Night();
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ExpectFirstNight(first);
  const nlohmann::json& run1 = first.report["run"];
  const std::string target1 = Git(repo(), "rev-parse nova/nightly").substr(0, 40);
  EXPECT_EQ(Git(repo(), "show nova/nightly:hot.cpp").find("NULL"), std::string::npos);

  // Night 2 reviews the target, which holds HEAD and night 1's merges: fewer findings, and only
  // the patch left over is proposed again (on the target) and merged. Night 1's branches go.
  const std::string branches1 = NovaBranches(repo());
  NovaRun second = Night();
  ASSERT_EQ(second.exit_code, 0) << second.output;
  const nlohmann::json& run2 = second.report["run"];
  EXPECT_EQ(run2["commit"], target1);
  EXPECT_LT(CountFindings(run2), CountFindings(run1));
  EXPECT_EQ(States(run2), (std::map<std::string, std::string>{{"use-using", "merged"}}));
  const std::string target2 = Git(repo(), "rev-parse nova/nightly").substr(0, 40);
  EXPECT_EQ(Git(repo(), "rev-list --count " + target1 + ".." + target2), "1\n");
  EXPECT_EQ(Git(repo(), "show nova/nightly:util.h").find("typedef"), std::string::npos);
  const std::string branches2 = NovaBranches(repo());
  EXPECT_EQ(branches2, "nova/nightly\n" + run2["patches"][0]["branch"].get<std::string>() + "\n");
  EXPECT_EQ(branches1.find(run2["patches"][0]["branch"].get<std::string>()), std::string::npos);
  ASSERT_EQ(second.report["pruned"].size(), 3u) << second.report.dump(2);
  EXPECT_EQ(second.report["previous"]["id"], run1["id"]);

  // The same night once more: nothing left to fix, nothing merged twice, no branch added; the
  // merged patch branch is pruned.
  NovaRun third = Night();
  ASSERT_EQ(third.exit_code, 0) << third.output;
  const nlohmann::json& run3 = third.report["run"];
  EXPECT_EQ(CountFindings(run3), CountFindings(run2) - 1);
  EXPECT_EQ(run3["patches"].size(), 0u) << run3.dump(2);
  EXPECT_EQ(Git(repo(), "rev-parse nova/nightly").substr(0, 40), target2);
  EXPECT_EQ(NovaBranches(repo()), "nova/nightly\n");
  ASSERT_EQ(third.report["pruned"].size(), 1u) << third.report.dump(2);
  EXPECT_EQ(third.report["pruned"][0]["reason"], "merged into nova/nightly");
  ASSERT_EQ(third.report["trend"].size(), 3u);
  EXPECT_EQ(SnapshotRepo(repo(), "nova/nightly"), before);  // HEAD, index, tree untouched
  const std::string summaries = ReadFile(summary());  // --summary appends, night after night
  EXPECT_NE(summaries.rfind("## Nova nightly review of repo"),
            summaries.find("## Nova nightly review of repo"));
  RecordProperty("findings_per_night", std::to_string(CountFindings(run1)) + "," +
                                           std::to_string(CountFindings(run2)) + "," +
                                           std::to_string(CountFindings(run3)));

  ExpectHistory(run2["id"], run3["id"]);
}

TEST_F(NightlyE2eTest, APatchTheTargetHoldsIsNeverMergedAgain) {
  CreateDemoRepo(repo(), R"({"nightly": {"target": "target"}})");
  NovaRun first = RunNova(repo(), "nightly . --sandbox bwrap --format json", true);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_EQ(States(first.report["run"]),
            (std::map<std::string, std::string>{{"use-nullptr", "merged"}}));
  // Someone adds a file on the target: it no longer differs from HEAD by edits alone, so the next
  // night reviews HEAD again and proposes the very patch the target already holds.
  Git(repo(), "checkout -q target");
  WriteFile(repo() / "NOTES.md", "notes\n");
  Git(repo(), "add NOTES.md");
  Git(repo(), "commit -q -m notes");
  Git(repo(), "checkout -q main");
  const std::string tip = Git(repo(), "rev-parse target");
  NovaRun second = RunNova(repo(), "nightly . --sandbox bwrap --format json", true);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  const nlohmann::json& run = second.report["run"];
  EXPECT_EQ(run["commit"], first.report["run"]["commit"]);
  EXPECT_EQ(States(run), (std::map<std::string, std::string>{{"use-nullptr", "already-merged"}}));
  EXPECT_EQ(run["patches"][0]["branch"], first.report["run"]["patches"][0]["branch"]);
  EXPECT_EQ(Git(repo(), "rev-parse target"), tip);
}

// A budget spent before the patch's turn skips it with the reason: the base's build outlasts the
// 1 s budget, so the patch's verification never starts (or, on a slow machine, the planner
// already finds the budget spent). The night still completes, is recorded partial, moves nothing.
TEST_F(NightlyE2eTest, ABudgetSpentBeforeAPatchsTurnSkipsItAndTheNightIsPartial) {
  CreateDemoRepo(repo(), R"({"nightly": {"target": "target", "budget_s": 1},
      "sandbox": {"build": ["sleep 2", "cmake -S . -B build", "cmake --build build"],
                  "test": ["ctest --test-dir build"]}})");
  const std::string tip = Git(repo(), "rev-parse target");
  NovaRun night = RunNova(repo(), "nightly . --sandbox bwrap --format json", true);
  ASSERT_EQ(night.exit_code, 0) << night.output;
  const nlohmann::json& run = night.report["run"];
  EXPECT_EQ(run["status"], "partial") << run.dump(2);
  ASSERT_EQ(run["patches"].size(), 1u) << run.dump(2);
  EXPECT_EQ(run["patches"][0]["state"], "skipped");
  EXPECT_NE(run["patches"][0]["reason"].get<std::string>().find(
                "the budget of 1 s (nightly.budget_s) was spent before its turn"),
            std::string::npos)
      << run.dump(2);
  EXPECT_EQ(Git(repo(), "rev-parse target"), tip);
}

TEST_F(NightlyE2eTest, ACorruptHistoryIsAClearErrorBeforeAnyWork) {
  CreateDemoRepo(repo(), R"({"nightly": {"target": "target"}})");
  fs::create_directories(repo() / ".nova");
  WriteFile(repo() / ".nova/history.sqlite", std::string(2048, 'x'));
  NovaRun run = RunNova(repo(), "nightly . --sandbox bwrap", false);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find((repo() / ".nova/history.sqlite").string()), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("move it away"), std::string::npos) << run.output;
  CommandResult history = RunShell(repo(), std::string(NOVA_BINARY) + " history");
  EXPECT_EQ(history.exit_code, 2) << history.output;
  EXPECT_NE(history.output.find("move it away"), std::string::npos) << history.output;
}

TEST_F(NightlyE2eTest, ATargetIsRequired) {
  CreateDemoRepo(repo());
  NovaRun run = RunNova(repo(), "nightly .", false);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--merge-into BRANCH or set nightly.target"), std::string::npos)
      << run.output;
}

// Everything under `dir` (recursively) that contains `needle`.
std::vector<std::string> FilesContaining(const fs::path& dir, const std::string& needle) {
  std::vector<std::string> hits;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && ReadFile(entry.path()).find(needle) != std::string::npos) {
      hits.push_back(entry.path().string());
    }
  }
  return hits;
}

TEST_F(NightlyE2eTest, PushCarriesTheTargetAndPatchBranchesDeletesPrunedOnesAndNeverTheToken) {
  CreateDemoRepo(repo(), R"({"nightly": {"target": "target"}})");
  const fs::path remote = temp_.path() / "remote.git";
  Git(temp_.path(), "init -q --bare " + remote.string());
  const std::string token = "nova-test-token-5e1f0c9d";
  const fs::path trace = temp_.path() / "trace.jsonl";
  NovaRun run = RunNova(
      repo(),
      "nightly . --sandbox bwrap --push file://" + remote.string() + " --trace " + trace.string(),
      false, "NOVA_PUSH_TOKEN=" + token + " ");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string local_target = Git(repo(), "rev-parse target");
  EXPECT_EQ(Git(temp_.path(), "--git-dir " + remote.string() + " rev-parse target"), local_target);
  EXPECT_NE(Git(repo(), "rev-parse target"), Git(repo(), "rev-parse main"));  // it merged
  const std::string patch =
      Git(repo(), "for-each-ref '--format=%(refname:short)' refs/heads/nova/");
  ASSERT_TRUE(patch.starts_with("nova/use-nullptr/")) << patch;
  EXPECT_EQ(Git(temp_.path(), "--git-dir " + remote.string() +
                                  " for-each-ref '--format=%(refname:short)' refs/heads/nova/"),
            patch);
  EXPECT_NE(ReadFile(trace).find("\"pushed\""), std::string::npos);

  // The next night has nothing left to fix: the merged patch branch is pruned here and there.
  NovaRun next = RunNova(
      repo(),
      "nightly . --sandbox bwrap --push file://" + remote.string() + " --trace " + trace.string(),
      false, "NOVA_PUSH_TOKEN=" + token + " ");
  ASSERT_EQ(next.exit_code, 0) << next.output;
  EXPECT_NE(next.output.find("deleted on file://"), std::string::npos) << next.output;
  EXPECT_EQ(Git(temp_.path(), "--git-dir " + remote.string() +
                                  " for-each-ref '--format=%(refname:short)' refs/heads/"),
            "target\n");
  for (const std::string& output : {run.output, next.output}) {
    EXPECT_EQ(output.find(token), std::string::npos) << output;
  }
  EXPECT_EQ(FilesContaining(trace.parent_path(), token), std::vector<std::string>{});
  EXPECT_EQ(FilesContaining(repo() / ".nova", token), std::vector<std::string>{});
}

}  // namespace
}  // namespace nova::testing
