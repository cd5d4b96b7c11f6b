// `nova history`: the recorded nightly runs as a trend table (or JSON), read from
// .nova/history.sqlite at the repository root. Reads only; creates nothing.
#include <iomanip>
#include <map>
#include <sstream>

#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "apps/nightly_report.h"
#include "nova-core/git/repository.h"
#include "nova-core/history/history_store.h"
#include "nova-core/history/run_record_json.h"

namespace nova::app {
namespace {

using core::history::RunRecord;

std::map<std::string, int> ByRule(const RunRecord& run) {
  std::map<std::string, int> counts;
  for (const auto& c : run.findings) counts[c.rule] += c.count;
  return counts;
}

int CountState(const RunRecord& run, const std::string& state) {
  int n = 0;
  for (const auto& p : run.patches) n += p.state == state ? 1 : 0;
  return n;
}

// "use-nullptr -3, stale-todo +1" against the run before; each rule's count for the first run.
std::string RuleChanges(const RunRecord& run, const RunRecord* before) {
  const std::map<std::string, int> now = ByRule(run);
  std::map<std::string, int> then =
      before != nullptr ? ByRule(*before) : std::map<std::string, int>{};
  std::map<std::string, int> rules = now;
  for (const auto& [rule, count] : then) rules.try_emplace(rule, 0);
  std::string out;
  for (const auto& [rule, ignored] : rules) {
    const int delta =
        (now.contains(rule) ? now.at(rule) : 0) - (then.contains(rule) ? then.at(rule) : 0);
    if (before != nullptr && delta == 0) continue;
    out += (out.empty() ? "" : ", ") + rule + " " + (before != nullptr && delta > 0 ? "+" : "") +
           std::to_string(delta);
  }
  return out.empty() ? "-" : out;
}

std::string RenderHistoryText(const std::vector<RunRecord>& runs) {
  std::ostringstream out;
  out << std::left << std::setw(5) << "run" << std::setw(22) << "date" << std::setw(14) << "commit"
      << std::right << std::setw(9) << "findings" << std::setw(8) << "change" << std::setw(8)
      << "merged" << std::setw(10) << "rejected"
      << "  " << std::left << "by rule\n";
  const RunRecord* before = nullptr;
  for (const RunRecord& run : runs) {
    const int total = TotalFindings(run);
    std::string change = "-";
    if (before != nullptr) {
      const int delta = total - TotalFindings(*before);
      change = (delta > 0 ? "+" : "") + std::to_string(delta);
    }
    out << std::left << std::setw(5) << run.id << std::setw(22) << run.started_at << std::setw(14)
        << run.commit.substr(0, 12) << std::right << std::setw(9) << total << std::setw(8) << change
        << std::setw(8) << CountState(run, "merged") << std::setw(10) << CountState(run, "rejected")
        << "  " << std::left << RuleChanges(run, before)
        << (run.status == "ok" ? "" : " (" + run.status + ")") << "\n";
    before = &run;
  }
  return out.str();
}

}  // namespace

int RunHistory(const HistoryOptions& options, std::ostream& out, std::ostream& err) {
  auto repo = core::git::Repository::Discover(options.dir);
  if (!repo.ok()) return FailCommand(err, "nova history", repo.status());
  const std::filesystem::path file = repo->Workdir() / ".nova" / core::history::kHistoryFileName;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    err << "nova history: no runs recorded yet (" << file.string()
        << " does not exist; `nova nightly` creates it)\n";
    if (options.format == "json") out << "{\"file\": null, \"runs\": []}\n";
    return kExitOk;
  }
  auto store = core::history::HistoryStore::Open(file);
  if (!store.ok()) return FailCommand(err, "nova history", store.status());
  auto runs = store->Last(options.last);
  if (!runs.ok()) return FailCommand(err, "nova history", runs.status());
  if (options.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const RunRecord& run : *runs) list.push_back(core::history::RunRecordToJson(run));
    out << nlohmann::json{{"file", file.string()}, {"runs", list}}.dump(2) << "\n";
    return kExitOk;
  }
  out << RenderHistoryText(*runs);
  return kExitOk;
}

}  // namespace nova::app
