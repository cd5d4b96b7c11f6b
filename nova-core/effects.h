// EffectSink: where an agent reports what it did to the world outside the process, so the trace
// can account for it: a branch created or reused, a ref updated, a process started and how it
// ended, a verdict reached, a merge decision, an HTTP request and its status. Implementations must be thread-safe.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace nova::core {

// The effect kinds Nova records; `detail` holds the fields listed beside each.
namespace effect {
inline constexpr std::string_view kBranchCreated = "branch_created";  // branch, commit
inline constexpr std::string_view kBranchReused = "branch_reused";    // branch, commit
inline constexpr std::string_view kRefUpdated = "ref_updated";        // ref, old, new, reason
inline constexpr std::string_view kProcessStarted = "process_started";  // id, argv, cwd, pid
// id, exit_code, signal, timed_out, cancelled, duration_ms
inline constexpr std::string_view kProcessEnded = "process_ended";
inline constexpr std::string_view kHttpRequest = "http_request";  // method, url, status, ms
// purpose, model, endpoint, source (live or cassette), request_digest, prompt_digest,
// response_digest, status, attempts, waited_ms, prompt/completion/total_tokens, latency_ms, cost
// (or null), finish_reason, budget {calls, tokens}; or error
inline constexpr std::string_view kModelCall = "model_call";
// label, commit, tree, passed, flaky, cancelled, description, log, reused_from (or null)
inline constexpr std::string_view kVerdict = "verdict";
// branch, commit, merged, landed (or null), tree and verdict and log of the verdict (or null),
// reason
inline constexpr std::string_view kGateDecision = "gate_decision";
// remote (without credentials), refs (pushed) or deleted (remote branches deleted)
inline constexpr std::string_view kPushed = "pushed";
}  // namespace effect

class EffectSink {
 public:
  virtual ~EffectSink() = default;
  virtual void Record(std::string_view kind, nlohmann::json detail) = 0;
};

}  // namespace nova::core
