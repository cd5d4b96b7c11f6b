// Loads a compile_commands.json (JSON compilation database) into one CompileCommand per source
// file, with absolute canonical paths. Handles both the "arguments" and the "command" forms.
// Pure functions over their inputs; safe to call from any thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "nova-core/result.h"

namespace nova::analyzers::libclang {

struct CompileCommand {
  std::filesystem::path file;       // absolute, canonical (as far as the file exists)
  std::filesystem::path directory;  // absolute working directory of the compiler
  std::vector<std::string> argv;    // the compiler command line as recorded, argv[0] included
};

// Parses database text; `origin` names the file in messages. Relative "file" and "directory"
// values resolve against `base_dir` (the database's folder) and the entry's directory. Later
// entries for a file already seen are dropped, so each file appears once, in database order.
core::Result<std::vector<CompileCommand>> ParseCompileDatabase(
    std::string_view text, std::string_view origin, const std::filesystem::path& base_dir);

// Reads and parses `path`. A missing or unreadable file is InvalidArgument naming it.
core::Result<std::vector<CompileCommand>> LoadCompileDatabase(const std::filesystem::path& path);

}  // namespace nova::analyzers::libclang
