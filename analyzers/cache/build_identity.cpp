#include "analyzers/cache/build_identity.h"

#include <clang-c/Index.h>

#include "analyzers/libclang/handles.h"
#include "analyzers/source_digest.h"  // generated: NOVA_ANALYSIS_SOURCE_DIGEST
#include "nova-core/git/repository.h"

namespace nova::analyzers {

// Why a digest of the sources rather than of the binary (/proc/self/exe): the sources are what a
// rule's findings follow, and their digest is the same for every build of the same sources, so a
// cache restored between CI runs keeps its hits, where a hash of a RelWithDebInfo binary (which
// embeds its build paths) would differ for each checkout and miss every time; it also costs
// nothing at run time, where hashing a 100+ MiB binary would cost more than a whole warm run.
// What else changes findings, libclang and libgit2, is loaded at run time: named by version.
const std::string& BuildIdentity() {
  static const std::string kIdentity =
      std::string("sources ") + NOVA_ANALYSIS_SOURCE_DIGEST + "; libclang " +
      libclang::TakeString(clang_getClangVersion()) + "; libgit2 " +
      core::git::Repository::LibraryVersion();
  return kIdentity;
}

}  // namespace nova::analyzers
