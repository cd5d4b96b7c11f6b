// The "merge" section of `.nova.json`, which the refactorer owns and validates: what may be
// merged beyond what `fix` decides. Pure functions; thread-safe.
#pragma once

#include "nova-core/config.h"
#include "nova-core/result.h"

namespace nova::refactorer {

struct MergeSettings {
  // Model-written patches are proposed with their verdict and merged only when true.
  // Default: false
  bool model_patches = false;
};

// The section as `config` holds it; defaults without one. InvalidArgument naming the key
// ("<origin>: merge.model_patches: ...") otherwise.
core::Result<MergeSettings> ParseMergeSection(const core::Config& config);

}  // namespace nova::refactorer
