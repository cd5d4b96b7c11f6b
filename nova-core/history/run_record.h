// RunRecord: what one nightly run did, as plain data: the unit the history database stores per
// run and the Markdown/HTML night reports read back (this run, the previous one, the trend).
// No behaviour; the SQLite store (nova-core/history/) writes and reads it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nova::core::history {

// How many findings of one rule at one severity a run saw.
struct RuleCount {
  std::string rule;      // e.g. "use-nullptr"
  std::string severity;  // "note", "warning" or "error"
  int count = 0;

  friend bool operator==(const RuleCount&, const RuleCount&) = default;
};

// One file's place on the hotspot map: area is its size, colour its score.
struct FileHotspot {
  std::string path;    // relative to the repository root, '/'-separated
  int lines = 0;       // non-empty lines at the reviewed commit
  int churn = 0;       // commits in the hotspot window that changed it
  double score = 0.0;  // churn x cognitive complexity, summed over its functions; 0: not hot

  friend bool operator==(const FileHotspot&, const FileHotspot&) = default;
};

// What became of one patch set this run.
struct PatchRecord {
  std::string id;      // the patch set's deterministic id
  std::string rule;
  std::string branch;  // nova/<rule>/<id>
  int findings = 0;    // findings it fixes
  std::vector<std::string> files = {};  // relative paths it touches
  // "merged", "verified" (green, not merged: held or merge not allowed), "rejected" (red in the
  // sandbox), "dropped" (failed the reparse proof), "skipped" (budget spent before its turn),
  // "already-merged" (a previous run merged the same patch).
  std::string state;
  std::string reason = {};  // why rejected/dropped/skipped/held; empty for merged
  std::string log = {};     // its verification log, relative to the report's directory; may be empty
  double hotspot_score = 0.0;  // the value it was ranked by

  friend bool operator==(const PatchRecord&, const PatchRecord&) = default;
};

struct RunRecord {
  std::int64_t id = 0;       // assigned by the store; 0 before it is recorded
  std::string started_at;    // ISO 8601 UTC, e.g. "2026-11-23T02:00:00Z"
  std::string commit;        // the commit reviewed (full hex id)
  std::string target;        // the branch merged into
  double duration_s = 0.0;
  std::string status;        // "ok", "partial" (budget or a failure cut it short) or "failed"
  std::vector<RuleCount> findings = {};
  std::vector<FileHotspot> hotspots = {};  // may be empty for runs read back in a trend
  std::vector<PatchRecord> patches = {};
  std::vector<std::string> problems = {};  // what was skipped or failed, one line each

  friend bool operator==(const RunRecord&, const RunRecord&) = default;
};

}  // namespace nova::core::history
