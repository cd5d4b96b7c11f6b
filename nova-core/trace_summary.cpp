#include "nova-core/trace_summary.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

namespace nova::core {
namespace {

using nlohmann::json;

struct Step {
  std::string agent;
  std::string start;
  long long duration_ms = 0;
  std::string outcome;
  std::string error;
  int attempts = 1;
};

std::string Millis(long long ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%8.3f s", static_cast<double>(ms) / 1000.0);
  return buffer;
}

std::string Text(const json& event, const char* key) {
  auto it = event.find(key);
  if (it == event.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string Short(const std::string& id) { return id.substr(0, 12); }

// Everything the summary prints, gathered from the events in file order.
struct TraceContents {
  json run_start;
  json run_end;
  std::vector<Step> steps;
  std::vector<std::string> incidents;  // retries, cancellations, unresponsive agents
  std::vector<std::string> branches;
  std::vector<std::string> refs;
  std::vector<std::string> verdicts;
  std::vector<std::string> decisions;
  std::vector<std::string> http;
  std::vector<std::string> model_calls;
  std::map<std::string, json> processes;  // id -> started event, erased when it ends
  std::vector<std::string> process_order;
  std::map<std::string, int> process_endings;  // "exit 0" -> count
  int processes_started = 0;
};

std::string ProcessEnding(const json& event) {
  if (event.value("cancelled", false)) return "cancelled";
  if (event.value("timed_out", false)) return "killed by the time limit";
  if (event.value("signal", 0) != 0) return "killed by signal " + Text(event, "signal");
  if (event.contains("error")) return "could not start";
  return "exit " + Text(event, "exit_code");
}

void AddEffect(TraceContents& trace, const json& event) {
  const std::string kind = Text(event, "kind");
  const std::string agent = Text(event, "agent");
  if (kind == "branch_created" || kind == "branch_reused") {
    trace.branches.push_back(Text(event, "branch") + " at " + Short(Text(event, "commit")) +
                             (kind == "branch_created" ? " (created" : " (reused") + " by " +
                             agent + ")");
  } else if (kind == "ref_updated") {
    trace.refs.push_back(Text(event, "ref") + ": " + Short(Text(event, "old")) + " -> " +
                         Short(Text(event, "new")) + " (" + Text(event, "reason") + ")");
  } else if (kind == "process_started") {
    ++trace.processes_started;
    trace.processes[Text(event, "id")] = event;
    trace.process_order.push_back(Text(event, "id"));
  } else if (kind == "process_ended") {
    ++trace.process_endings[ProcessEnding(event)];
    trace.processes.erase(Text(event, "id"));
  } else if (kind == "verdict") {
    std::string line = Text(event, "label") + " " + Short(Text(event, "commit")) + " (tree " +
                       Short(Text(event, "tree")) + "): " + Text(event, "description");
    if (!Text(event, "reused_from").empty()) {
      line += ", reused from " + Short(Text(event, "reused_from"));
    }
    if (!Text(event, "log").empty()) line += "; log " + Text(event, "log");
    trace.verdicts.push_back(line);
  } else if (kind == "gate_decision") {
    std::string line = std::string(event.value("merged", false) ? "MERGED " : "REJECTED ") +
                       Text(event, "branch") + ": " + Text(event, "reason");
    if (!Text(event, "tree").empty()) line += " [tree " + Short(Text(event, "tree")) + "]";
    trace.decisions.push_back(line);
  } else if (kind == "http_request") {
    trace.http.push_back(Text(event, "method") + " " + Text(event, "url") + " -> " +
                         Text(event, "status") + " (" + Text(event, "ms") + " ms)");
  } else if (kind == "model_call") {
    const std::string outcome =
        event.contains("error")
            ? "failed: " + Text(event, "error")
            : Text(event, "total_tokens") + " tokens, " + Text(event, "attempts") + " attempt(s)";
    trace.model_calls.push_back(Text(event, "purpose") + " (" + Text(event, "source") + ", " +
                                Text(event, "latency_ms") + " ms): " + outcome);
  }
}

void AddEvent(TraceContents& trace, const json& event) {
  // Traces written before events had names hold only step lines.
  const std::string kind = event.contains("event") ? Text(event, "event") : "step_end";
  if (kind == "run_start") {
    trace.run_start = event;
  } else if (kind == "run_end") {
    trace.run_end = event;
  } else if (kind == "step_end") {
    Step step;
    step.agent = event.at("agent").get<std::string>();
    step.start = event.at("start").get<std::string>();
    step.duration_ms = event.at("duration_ms").get<long long>();
    step.outcome = event.at("outcome").get<std::string>();
    step.error = Text(event, "error");
    step.attempts = event.value("attempts", 1);
    trace.steps.push_back(std::move(step));
  } else if (kind == "retry") {
    trace.incidents.push_back("retry: " + Text(event, "agent") + " attempt " +
                              Text(event, "attempt") + " failed (" + Text(event, "error") +
                              "); next in " + Text(event, "backoff_ms") + " ms");
  } else if (kind == "cancel" || kind == "unresponsive") {
    trace.incidents.push_back(kind + ": " + Text(event, "reason"));
  } else if (kind == "effect") {
    AddEffect(trace, event);
  }
}

std::string Header(const TraceContents& trace) {
  if (trace.run_start.is_null()) return "";
  std::string out = "run: " + Text(trace.run_start, "command") + " at " +
                    Text(trace.run_start, "time");
  if (trace.run_start.contains("nova_version")) {
    out += ", nova " + Text(trace.run_start, "nova_version");
  }
  if (trace.run_start.contains("config_digest")) {
    out += ", config " + Text(trace.run_start, "config_digest");
  }
  return out + "\n";
}

std::string Timeline(const std::vector<Step>& steps) {
  std::string out = "timeline (" + std::to_string(steps.size()) + " steps, from " +
                    steps.front().start + "):\n";
  long long total = 0;
  for (const Step& s : steps) {
    total += s.duration_ms;
    out += "  " + s.start + " " + Millis(s.duration_ms) + "  " + s.agent + "  " + s.outcome;
    if (s.attempts > 1) out += " after " + std::to_string(s.attempts) + " attempts";
    out += "\n";
  }
  out += "total " + Millis(total) + "\n";

  std::vector<const Step*> by_time;
  for (const Step& s : steps) by_time.push_back(&s);
  std::stable_sort(by_time.begin(), by_time.end(),
                   [](const Step* a, const Step* b) { return a->duration_ms > b->duration_ms; });
  out += "slowest:\n";
  for (std::size_t i = 0; i < by_time.size() && i < 3; ++i) {
    out += "  " + Millis(by_time[i]->duration_ms) + "  " + by_time[i]->agent + "\n";
  }
  return out;
}

std::string Failures(const TraceContents& trace) {
  int failures = 0;
  std::string failed;
  for (const Step& s : trace.steps) {
    if (s.outcome == "ok") continue;
    ++failures;
    failed += "  " + s.agent + " " + s.outcome + ": " +
              (s.error.empty() ? "(no cause given)" : s.error) + "\n";
  }
  std::string out = failures == 0 ? "no failed or declined step\n"
                                  : std::to_string(failures) + " step(s) not ok:\n" + failed;
  for (const std::string& line : trace.incidents) out += "  " + line + "\n";
  return out;
}

std::string List(const std::string& title, const std::vector<std::string>& lines) {
  std::string out = title + " (" + std::to_string(lines.size()) + ")" + (lines.empty() ? "\n" : ":\n");
  for (const std::string& line : lines) out += "  " + line + "\n";
  return out;
}

std::string Effects(const TraceContents& trace) {
  std::string out = List("branches", trace.branches);
  if (!trace.verdicts.empty()) out += List("verdicts", trace.verdicts);
  if (!trace.decisions.empty()) out += List("merge decisions", trace.decisions);
  out += List("refs updated", trace.refs);
  out += "processes (" + std::to_string(trace.processes_started) + " started";
  for (const auto& [ending, count] : trace.process_endings) {
    out += ", " + std::to_string(count) + " " + ending;
  }
  out += ")\n";
  for (const std::string& id : trace.process_order) {
    auto open = trace.processes.find(id);
    if (open == trace.processes.end()) continue;
    std::string argv;
    for (const auto& arg : open->second.value("argv", json::array())) {
      argv += (argv.empty() ? "" : " ") + (arg.is_string() ? arg.get<std::string>() : arg.dump());
    }
    out += "  NO END RECORDED: process " + Text(open->second, "pid") + " (" + argv + ")\n";
  }
  if (!trace.http.empty()) out += List("http requests", trace.http);
  if (!trace.model_calls.empty()) out += List("model calls", trace.model_calls);
  return out;
}

}  // namespace

Result<std::string> SummarizeTrace(std::string_view jsonl, std::string_view origin) {
  TraceContents trace;
  std::istringstream lines{std::string(jsonl)};
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.empty()) continue;
    try {
      AddEvent(trace, json::parse(line));
    } catch (const json::exception& e) {
      return InvalidArgumentError(std::string(origin) + ":" + std::to_string(number) +
                                  ": not a trace event: " + e.what());
    }
  }
  if (trace.steps.empty()) return InvalidArgumentError(std::string(origin) + ": holds no trace step");

  std::string out = Header(trace) + Timeline(trace.steps) + Failures(trace) + Effects(trace);
  if (!trace.run_end.is_null()) {
    out += "ended: " + Text(trace.run_end, "status") +
           (trace.run_end.value("partial", false) ? " (partial)" : "") + "\n";
  } else {
    out += "ended: NO run_end EVENT: the run was killed or is still running\n";
  }
  return out;
}

}  // namespace nova::core
