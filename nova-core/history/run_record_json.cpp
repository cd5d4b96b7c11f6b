#include "nova-core/history/run_record_json.h"

namespace nova::core::history {

using nlohmann::json;

json RunRecordToJson(const RunRecord& run) {
  json findings = json::array();
  for (const RuleCount& c : run.findings) {
    findings.push_back({{"rule", c.rule}, {"severity", c.severity}, {"count", c.count}});
  }
  json hotspots = json::array();
  for (const FileHotspot& h : run.hotspots) {
    hotspots.push_back(
        {{"path", h.path}, {"lines", h.lines}, {"churn", h.churn}, {"score", h.score}});
  }
  json patches = json::array();
  for (const PatchRecord& p : run.patches) {
    patches.push_back({{"id", p.id},
                       {"rule", p.rule},
                       {"branch", p.branch},
                       {"findings", p.findings},
                       {"files", p.files},
                       {"state", p.state},
                       {"reason", p.reason},
                       {"log", p.log},
                       {"hotspot_score", p.hotspot_score}});
  }
  return {{"id", run.id},
          {"started_at", run.started_at},
          {"commit", run.commit},
          {"target", run.target},
          {"duration_s", run.duration_s},
          {"status", run.status},
          {"findings", findings},
          {"hotspots", hotspots},
          {"patches", patches},
          {"problems", run.problems}};
}

Result<RunRecord> RunRecordFromJson(const json& value) {
  try {
    RunRecord run;
    run.id = value.at("id").get<std::int64_t>();
    run.started_at = value.at("started_at").get<std::string>();
    run.commit = value.at("commit").get<std::string>();
    run.target = value.at("target").get<std::string>();
    run.duration_s = value.at("duration_s").get<double>();
    run.status = value.at("status").get<std::string>();
    for (const json& c : value.at("findings")) {
      run.findings.push_back({c.at("rule").get<std::string>(), c.at("severity").get<std::string>(),
                              c.at("count").get<int>()});
    }
    for (const json& h : value.at("hotspots")) {
      run.hotspots.push_back({h.at("path").get<std::string>(), h.at("lines").get<int>(),
                              h.at("churn").get<int>(), h.at("score").get<double>()});
    }
    for (const json& p : value.at("patches")) {
      PatchRecord patch;
      patch.id = p.at("id").get<std::string>();
      patch.rule = p.at("rule").get<std::string>();
      patch.branch = p.at("branch").get<std::string>();
      patch.findings = p.at("findings").get<int>();
      patch.files = p.at("files").get<std::vector<std::string>>();
      patch.state = p.at("state").get<std::string>();
      patch.reason = p.at("reason").get<std::string>();
      patch.log = p.at("log").get<std::string>();
      patch.hotspot_score = p.at("hotspot_score").get<double>();
      run.patches.push_back(std::move(patch));
    }
    run.problems = value.at("problems").get<std::vector<std::string>>();
    return run;
  } catch (const json::exception& e) {
    return InvalidArgumentError(std::string("not a run record: ") + e.what());
  }
}

}  // namespace nova::core::history
