// Command-line handling for compile commands: POSIX-shell-like splitting of a "command" string,
// and the rewrite of a recorded compiler command line into arguments libclang accepts.
// Pure functions; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzers/libclang/compile_db.h"
#include "nova-core/result.h"

namespace nova::analyzers::libclang {

// Splits like /bin/sh does for words: whitespace separates, '...' is literal, "..." allows
// \" \\ \$ \` escapes, a backslash outside quotes escapes the next character.
// An unterminated quote is InvalidArgument.
core::Result<std::vector<std::string>> SplitCommandLine(std::string_view command);

// The arguments for clang_parseTranslationUnit2FullArgv, argv[0] included and the source file
// excluded (it is passed separately): drops outputs (-o, -c, dependency-file flags), flags
// that turn warnings into errors, and GCC-only flags clang rejects; makes include paths
// absolute; adds -resource-dir `resource_dir` and -Wno-unknown-warning-option.
std::vector<std::string> ClangArguments(const CompileCommand& command,
                                        std::string_view resource_dir);

// True when `command` compiles its file as C or Objective-C (languages without C++ syntax such
// as `using` aliases), decided as the clang/GCC drivers do: the last `-x` before the file, else a
// C++ driver (clang++, g++, c++, --driver-mode=g++) means C++, else the extension (.c .i .m).
bool CompilesAsC(const CompileCommand& command);

}  // namespace nova::analyzers::libclang
