// IsExternCBlock: whether a cursor is an `extern "C"` linkage specification, for rules that
// leave C's declarations alone (use-using, naming-consistency). libclang 14 and 16 show such a
// block as an unexposed declaration, so the source text tells. Thread-compatible.
#pragma once

#include <clang-c/Index.h>

namespace nova::analyzers {

bool IsExternCBlock(CXTranslationUnit tu, CXCursor cursor);

}  // namespace nova::analyzers
