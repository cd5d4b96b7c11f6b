// BuildIdentity: the name of this build of Nova's analysis code in cache keys (the TU cache and
// the blame cache), so a changed rule, engine or adapter never serves results another build
// cached. Derived from the build, not bumped by hand. Thread-safe: the value is computed once.
#pragma once

#include <string>

namespace nova::analyzers {

// "sources <sha256>; libclang <version>; libgit2 <version>". The digest covers every source file
// under analyzers/ and nova-core/ this binary was compiled from (computed at build time by
// analyzers/cache/source_digest.cmake, re-run by the build whenever one of them changes); the
// versions are those of the libraries loaded at run time.
const std::string& BuildIdentity();

}  // namespace nova::analyzers
