// End to end: what a real `nova fix` run leaves in its trace is complete. Every ref it created
// or moved, every process it started (with how it ended) is there, checked against the
// repository's refs and the verification logs; and SIGINT mid-verification stops the run with
// exit 130, kills the sandbox, moves no ref and still leaves a report.
#include <signal.h>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "e2e_fixture.h"

namespace nova::testing {
namespace {

class FixTraceE2eTest : public ::testing::Test {
 protected:
  std::filesystem::path repo() const { return temp_.path() / "repo"; }
  TempDir temp_;
};

std::map<std::string, std::string> Refs(const std::filesystem::path& repo) {
  std::map<std::string, std::string> refs;
  std::istringstream lines(Git(repo, "for-each-ref --format='%(refname) %(objectname)'"));
  for (std::string line; std::getline(lines, line);) {
    const auto space = line.find(' ');
    refs[line.substr(0, space)] = line.substr(space + 1);
  }
  return refs;
}

std::vector<nlohmann::json> Events(const std::filesystem::path& trace) {
  std::vector<nlohmann::json> events;
  std::ifstream in(trace);
  for (std::string line; std::getline(in, line);) events.push_back(nlohmann::json::parse(line));
  return events;
}

std::vector<nlohmann::json> Effects(const std::vector<nlohmann::json>& events, const std::string& kind) {
  std::vector<nlohmann::json> out;
  for (const auto& e : events) {
    if (e["event"] == "effect" && e["kind"] == kind) out.push_back(e);
  }
  return out;
}

// How many commands the sandbox ran, from the verification logs ("$ <command>" lines).
int CommandsInLogs(const std::filesystem::path& run_dir) {
  int commands = 0;
  for (const auto& entry : std::filesystem::directory_iterator(run_dir)) {
    if (entry.path().extension() != ".log") continue;
    std::istringstream lines(ReadFile(entry.path()));
    for (std::string line; std::getline(lines, line);) commands += line.starts_with("$ ") ? 1 : 0;
  }
  return commands;
}

std::filesystem::path OnlyRunDir(const std::filesystem::path& repo) {
  std::filesystem::path found;
  for (const auto& dir : std::filesystem::directory_iterator(repo / ".nova/runs")) found = dir.path();
  return found;
}

// Every ref that appeared is a branch_created effect at that commit; every ref that moved is a
// ref_updated effect with its exact old and new values; nothing else changed. A helper so the
// test body reads as the list of what the trace must account for.
void ExpectRefChangesTraced(const std::map<std::string, std::string>& refs_before,
                            const std::map<std::string, std::string>& refs_after,
                            const std::vector<nlohmann::json>& events) {
  const auto created = Effects(events, "branch_created");
  const auto updated = Effects(events, "ref_updated");
  int appeared = 0, moved = 0;
  for (const auto& [ref, id] : refs_after) {
    auto before = refs_before.find(ref);
    if (before == refs_before.end()) {
      ++appeared;
      bool traced = false;
      for (const auto& e : created) traced |= "refs/heads/" + e["branch"].get<std::string>() == ref && e["commit"] == id;
      EXPECT_TRUE(traced) << ref << " appeared without a branch_created effect";
    } else if (before->second != id) {
      ++moved;
      bool traced = false;
      for (const auto& e : updated) traced |= e["ref"] == ref && e["old"] == before->second && e["new"] == id;
      EXPECT_TRUE(traced) << ref << " moved " << before->second << " -> " << id << " untraced";
    }
  }
  EXPECT_EQ(appeared, 1);  // nova/use-nullptr/<id>
  EXPECT_EQ(moved, 1);     // target
  EXPECT_EQ(static_cast<int>(created.size()), appeared);
  EXPECT_EQ(static_cast<int>(updated.size()), moved);
}

// Every process started has exactly one end, and the sandboxed ones match the commands the
// verification logs in `run_dir` show; split out for the same reason.
void ExpectProcessesEndOnceAndMatchLogs(const std::vector<nlohmann::json>& events,
                                        const std::filesystem::path& run_dir) {
  std::map<std::string, int> ends;
  for (const auto& e : Effects(events, "process_ended")) ++ends[e["id"].get<std::string>()];
  int sandboxed = 0;
  for (const auto& e : Effects(events, "process_started")) {
    EXPECT_EQ(ends[e["id"].get<std::string>()], 1) << e.dump();
    sandboxed += e["agent"] == "verifier" || e["agent"] == "gatekeeper" ? 1 : 0;
  }
  EXPECT_EQ(Effects(events, "process_started").size(), Effects(events, "process_ended").size());
  EXPECT_GT(sandboxed, 0);
  EXPECT_EQ(sandboxed, CommandsInLogs(run_dir));
}

TEST_F(FixTraceE2eTest, TraceAccountsForEveryBranchProcessAndRefUpdate) {
  CreateDemoRepo(repo());
  const auto refs_before = Refs(repo());
  const std::filesystem::path trace = temp_.path() / "trace.jsonl";
  NovaRun run = RunNova(repo(), "fix . --merge-into target --format json --trace " + trace.string(), true);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto refs_after = Refs(repo());
  const auto events = Events(trace);

  ExpectRefChangesTraced(refs_before, refs_after, events);
  ExpectProcessesEndOnceAndMatchLogs(events, OnlyRunDir(repo()));

  // `nova trace` reads the same account back.
  CommandResult read = RunShell(repo(), std::string(NOVA_BINARY) + " trace " + trace.string());
  ASSERT_EQ(read.exit_code, 0) << read.output;
  EXPECT_NE(read.output.find("branches (1):"), std::string::npos) << read.output;
  EXPECT_NE(read.output.find("refs updated (1):\n  refs/heads/target: "), std::string::npos) << read.output;
  EXPECT_NE(read.output.find("merge decisions (1):\n  MERGED nova/use-nullptr/"), std::string::npos)
      << read.output;
  // The audit: the merged decision names the tree that was verified, the same as the target's.
  const auto decisions = Effects(events, "gate_decision");
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0]["tree"].get<std::string>() + "\n", Git(repo(), "rev-parse target^{tree}"));
  EXPECT_EQ(Effects(events, "verdict").size(), 2u);  // the base and the patch
  EXPECT_EQ(read.output.find("NO END RECORDED"), std::string::npos) << read.output;
  EXPECT_NE(read.output.find("ended: ok"), std::string::npos) << read.output;
}

TEST_F(FixTraceE2eTest, SigintDuringVerificationExits130KillsTheSandboxAndMovesNoRef) {
  const std::string marker = UniqueMarker("e2e-sigint");
  // The patched tree's test hangs; the base's passes.
  CreateDemoRepo(repo(), R"({"sandbox": {"test": [
      "if grep -q nullptr demo.cpp; then sh -c 'sleep 600; echo )" + marker + R"(' & sleep 600; fi"]}})");
  const auto refs_before = Refs(repo());
  const std::filesystem::path pid_file = temp_.path() / "nova.pid";
  CommandResult result;
  std::thread nova([&] {
    // exec: Nova is the shell's own process, so the pid is Nova's and SIGINT is not ignored
    // as it would be for a background job.
    result = RunShell(repo(), "sh -c 'echo $$ > " + pid_file.string() + "; exec " +
                                  std::string(NOVA_BINARY) + " fix . --merge-into target -o " +
                                  (temp_.path() / "report.json").string() + "'");
  });
  // Wait until the hanging test runs inside the sandbox, then interrupt Nova.
  // The base's verification carries the marker too (in bwrap's argv and its shell's), in three
  // processes; only the patched tree's line starts the fourth, the one that hangs.
  ASSERT_GE(WaitForProcessesWithMarker(marker, 4, std::chrono::seconds(240)), 4u)
      << "the sandboxed test never started";
  const int pid = std::stoi(ReadFile(pid_file));
  const auto sent = std::chrono::steady_clock::now();
  ::kill(pid, SIGINT);
  nova.join();
  EXPECT_LT(std::chrono::steady_clock::now() - sent, std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 130) << result.output;
  EXPECT_NE(result.output.find("interrupted by SIGINT"), std::string::npos) << result.output;
  EXPECT_EQ(WaitForNoProcessWithMarker(marker, std::chrono::seconds(5)), std::vector<int>{})
      << "a sandboxed process outlived the interrupted run";

  // No ref moved but the patch branch the refactorer wrote before the signal.
  auto refs_after = Refs(repo());
  EXPECT_EQ(refs_after["refs/heads/target"], refs_before.at("refs/heads/target"));
  EXPECT_EQ(refs_after["refs/heads/main"], refs_before.at("refs/heads/main"));

  // The report and the trace say what happened.
  const std::filesystem::path run_dir = OnlyRunDir(repo());
  const auto report = nlohmann::json::parse(ReadFile(run_dir / "report.json"));
  EXPECT_NE(report["status"].get<std::string>().find("interrupted by SIGINT"), std::string::npos)
      << report.dump(2);
  EXPECT_EQ(report["partial"], true);
  const auto events = Events(run_dir / "trace.jsonl");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["event"], "run_end");
  EXPECT_EQ(events.back()["signal"], "SIGINT");
  int cancels = 0;
  for (const auto& e : events) cancels += e["event"] == "cancel" ? 1 : 0;
  EXPECT_EQ(cancels, 1);
  std::map<std::string, int> ends;
  for (const auto& e : Effects(events, "process_ended")) ++ends[e["id"].get<std::string>()];
  bool a_process_was_cancelled = false;
  for (const auto& e : Effects(events, "process_ended")) a_process_was_cancelled |= e["cancelled"] == true;
  EXPECT_TRUE(a_process_was_cancelled);
  for (const auto& e : Effects(events, "process_started")) EXPECT_EQ(ends[e["id"].get<std::string>()], 1);
}

}  // namespace
}  // namespace nova::testing
