#include "nova-core/trace_summary.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

namespace nova::core {
namespace {

struct Step {
  std::string agent;
  std::string start;
  long long duration_ms = 0;
  std::string outcome;
  std::string error;
};

std::string Millis(long long ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%8.3f s", static_cast<double>(ms) / 1000.0);
  return buffer;
}

}  // namespace

Result<std::string> SummarizeTrace(std::string_view jsonl, std::string_view origin) {
  std::vector<Step> steps;
  std::istringstream lines{std::string(jsonl)};
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.empty()) continue;
    try {
      const nlohmann::json j = nlohmann::json::parse(line);
      Step step;
      step.agent = j.at("agent").get<std::string>();
      step.start = j.at("start").get<std::string>();
      step.duration_ms = j.at("duration_ms").get<long long>();
      step.outcome = j.at("outcome").get<std::string>();
      if (!j.at("error").is_null()) step.error = j.at("error").get<std::string>();
      steps.push_back(std::move(step));
    } catch (const nlohmann::json::exception& e) {
      return InvalidArgumentError(std::string(origin) + ":" + std::to_string(number) +
                                  ": not a trace step: " + e.what());
    }
  }
  if (steps.empty()) return InvalidArgumentError(std::string(origin) + ": holds no trace step");

  std::string out = "timeline (" + std::to_string(steps.size()) + " steps, from " +
                    steps.front().start + "):\n";
  long long total = 0;
  for (const Step& s : steps) {
    total += s.duration_ms;
    out += "  " + s.start + " " + Millis(s.duration_ms) + "  " + s.agent + "  " + s.outcome + "\n";
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

  int failures = 0;
  std::string failed;
  for (const Step& s : steps) {
    if (s.outcome == "ok") continue;
    ++failures;
    failed += "  " + s.agent + " " + s.outcome + ": " + (s.error.empty() ? "(no cause given)" : s.error) + "\n";
  }
  out += failures == 0 ? "no failed or declined step\n"
                       : std::to_string(failures) + " step(s) not ok:\n" + failed;
  return out;
}

}  // namespace nova::core
