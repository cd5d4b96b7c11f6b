// Gatekeeper: the only code in Nova that moves a merge target, in two phases that two agents can
// run apart: VerifyCandidates verifies the base and exactly what each candidate would land, in
// parallel up to a bound; LandVerified moves the target by compare-and-swap, only ever to a
// commit whose very tree has a green Verdict. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nova-core/git/repository.h"
#include "sandbox/verdict_cache.h"
#include "sandbox/verifier.h"

namespace nova::sandbox {

struct Candidate {
  std::string label;   // e.g. the rule; names the log file
  std::string branch;  // nova/<rule>/<id>
  core::git::ObjectId commit;
  // Non-empty: verified like any other but never merged, for this reason (e.g. it edits tests).
  std::string hold = {};
};

// What phase 1 found for one candidate, against the target tip it read.
struct CandidateVerification {
  Candidate candidate;
  core::git::ObjectId tip;      // the target tip the landing was computed against
  core::git::ObjectId landing;  // what would land; empty on a conflict
  bool fast_forward = false;    // landing is the candidate itself
  // Of `landing`; absent on a conflict, or when a red or cancelled base was verified alone first.
  std::optional<Verdict> verdict;
  std::string conflict;  // "conflicts with main at <tip12> in a.cpp, b.cpp"; or empty
};

struct VerificationReport {
  core::git::ObjectId base;
  std::string target;
  core::git::ObjectId target_tip;  // read once; every landing was computed against it
  Verdict baseline;
  bool base_red = false;                          // the base failed (a cancelled base is not red)
  std::vector<CandidateVerification> candidates;  // in candidate order
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
  bool cancelled = false;  // some candidate was not judged: "not merged: cancelled (<reason>)"
  std::vector<GateDecision> decisions;
};

struct GateOptions {
  core::git::ObjectId base;
  std::string target_branch;  // must exist and must not be checked out
  // verifier.hooks also reaches the gate: cancel is checked before each verification and each
  // landing, every ref move is recorded as a ref_updated effect.
  VerifierOptions verifier;
  core::git::Signature signature;
  int max_parallel = 1;  // verifications at once in VerifyCandidates. Default: 1
  // Once the target has moved, LandVerified first tries every remaining candidate that was green
  // in phase 1 as one merge, verified once (one build instead of one each); after a conflict, a
  // red or cancelled verdict or a lost race it judges them one by one. One try per call.
  // Default: true
  bool land_greens_together = true;
};

// Ok when `branch` exists and is not checked out in any working tree; InvalidArgument or
// FailedPrecondition, saying what to do, otherwise.
core::Status CheckTarget(const core::git::Repository& repo, const std::string& branch);

// Phase 1. Reads the target tip once, computes each candidate's landing against it (a conflict is
// recorded with its paths, not verified) and verifies the base and every landing. With
// max_parallel 1 the base goes first and a red base stops there; with more, everything is
// verified at once. Errors only for what stops the gate as a whole: a missing or checked-out
// target, git failures, a sandbox that cannot start.
core::Result<VerificationReport> VerifyCandidates(const core::git::Repository& repo,
                                                  const GateOptions& options,
                                                  const std::vector<Candidate>& candidates,
                                                  VerdictCache& cache);

// Phase 2. A red base lands nothing. Candidates are judged in order: a green one lands its
// verified landing while the target is still at the tip it was verified against; once the target
// has moved, its landing is recomputed against the new tip and verified (the cache spares a tree
// seen before). A red verdict stays red after the target moved. A conflict, a red verdict, a lost
// race for the ref or a cancellation is a decision with a reason, never an error. Once a green
// verdict for a landing exists here, its ref update is finished even if a cancellation arrives.
// InvalidArgument when `verified` is for another target or base than `options`.
core::Result<GateReport> LandVerified(const core::git::Repository& repo, const GateOptions& options,
                                      const VerificationReport& verified, VerdictCache& cache);

// VerifyCandidates, then LandVerified, with a cache for this call.
core::Result<GateReport> RunGate(const core::git::Repository& repo, const GateOptions& options,
                                 const std::vector<Candidate>& candidates);

}  // namespace nova::sandbox
