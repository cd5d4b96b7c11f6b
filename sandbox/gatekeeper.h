// Gatekeeper: the only code in Nova that moves a merge target. It verifies the base first (a
// red base means nothing can be judged), then for each candidate branch verifies exactly the
// tree that would land (the branch itself when the target can fast-forward to it, else the
// in-memory merge with the target's tip), and moves the target with an atomic compare-and-swap
// ref update. Never merges without a green Verdict for that very commit. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nova-core/git/repository.h"
#include "sandbox/verifier.h"

namespace nova::sandbox {

struct Candidate {
  std::string label;   // e.g. the rule; names the log file
  std::string branch;  // nova/<rule>/<id>
  core::git::ObjectId commit;
};

struct GateDecision {
  Candidate candidate;
  std::optional<Verdict> verdict;  // absent when nothing could be verified (e.g. a conflict)
  core::git::ObjectId landed;      // the commit the target now points at, when merged
  bool merged = false;
  std::string reason;              // why it was or was not merged
};

struct GateReport {
  core::git::ObjectId base;
  std::string target;
  core::git::ObjectId target_before;
  core::git::ObjectId target_after;
  Verdict baseline;
  bool base_red = false;
  std::vector<GateDecision> decisions;
};

struct GateOptions {
  core::git::ObjectId base;
  std::string target_branch;  // must exist and must not be checked out
  VerifierOptions verifier;
  core::git::Signature signature;
};

// Errors only for what stops the gate as a whole: a missing or checked-out target, git failures,
// a sandbox that cannot start. A red candidate or a conflict is a decision, not an error.
core::Result<GateReport> RunGate(const core::git::Repository& repo, const GateOptions& options,
                                 const std::vector<Candidate>& candidates);

}  // namespace nova::sandbox
