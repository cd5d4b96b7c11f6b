// Parses one compile command into a libclang translation unit, optionally reading some files'
// contents from an in-memory overlay instead of disk (e.g. a commit's content while the working
// tree is dirty). Not thread-safe per index: one CXIndex per thread.
#pragma once

#include <map>
#include <string>

#include "analyzers/libclang/compile_db.h"
#include "analyzers/libclang/handles.h"
#include "nova-core/result.h"

namespace nova::analyzers::libclang {

struct ParsedUnit {
  TranslationUnitHandle tu;
  int error_count = 0;      // diagnostics with severity >= error
  std::string first_error;  // "file:line: message" of the first such diagnostic, or ""
};

// Parses `command` (keep-going: a TU with errors still yields an AST). `overlay` maps absolute
// paths to contents used instead of the files on disk. A libclang failure is Internal, an
// invalid argument list InvalidArgument; messages name the file.
core::Result<ParsedUnit> ParseTranslationUnit(CXIndex index, const CompileCommand& command,
                                              const std::map<std::string, std::string>& overlay);

}  // namespace nova::analyzers::libclang
