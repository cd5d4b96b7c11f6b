// ReparseProof: proves, before any sandbox run, that a patch set adds no parse error and no new
// compiler diagnostic. Every translation unit that reads a touched file is parsed with libclang
// on the base content and again with the patched content (unsaved files); a diagnostic the patch
// adds is the reason to drop it. Parses run on `jobs` worker threads, each with its own libclang
// index; the verdict is the same as a serial proof's. One prover is used by one thread at a time.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analyzers/libclang/compile_db.h"
#include "nova-core/result.h"
#include "nova-core/work_hooks.h"

namespace nova::refactorer {

struct ProofVerdict {
  bool passed = false;
  // The first diagnostic the patch added, "file:line:col: error: message", when not passed.
  std::string diagnostic = {};
  std::string unit = {};                   // the translation unit that showed it
  std::vector<std::string> reparsed = {};  // every unit parsed twice, in database order
  // Units whose base libclang could not parse at all: what they read is unknown, so they prove
  // nothing either way.
  std::vector<std::string> unproven = {};
};

class ReparseProver {
 public:
  // `base_overlay` maps absolute paths to the base content where the disk differs from the base.
  // `hooks`: polled before each parse (a cancelled proof returns the token's reason) and told
  // of each unit parsed (serialized), so a long proof is seen to progress. `jobs`: parses at
  // once; 0: one per hardware thread. Default: 1
  ReparseProver(std::vector<analyzers::libclang::CompileCommand> units,
                std::map<std::string, std::string> base_overlay, core::WorkHooks hooks = {},
                int jobs = 1);
  ~ReparseProver();
  ReparseProver(const ReparseProver&) = delete;
  ReparseProver& operator=(const ReparseProver&) = delete;

  // As ProvePatchCompiles below, reusing the base parses of earlier calls.
  core::Result<ProofVerdict> Prove(const std::map<std::string, std::string>& patched);

 private:
  struct BaseUnit;
  core::Status ParseBases();

  std::vector<analyzers::libclang::CompileCommand> units_;
  std::map<std::string, std::string> base_overlay_;
  core::WorkHooks hooks_;  // its progress callback is called under a lock
  int jobs_;
  std::vector<BaseUnit> bases_;  // per unit, once parsed
};

// `base_overlay` maps absolute paths to the base content where the disk differs from the base
// (the user's uncommitted edits); `patched` maps absolute canonical paths to the content after
// the patch. A unit that does not read any patched file is not parsed twice. A unit whose base
// libclang cannot parse is listed as unproven; one whose patched parse fails fails the proof.
core::Result<ProofVerdict> ProvePatchCompiles(
    const std::vector<analyzers::libclang::CompileCommand>& units,
    const std::map<std::string, std::string>& base_overlay,
    const std::map<std::string, std::string>& patched);

}  // namespace nova::refactorer
