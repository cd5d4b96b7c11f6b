// Loads a compile_commands.json (JSON compilation database) into one CompileCommand per source
// file, with absolute canonical paths, and says which files it listed more than once. Handles
// both the "arguments" and the "command" forms. Pure functions; safe to call from any thread.
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

// A file the database lists more than once; only its first entry is kept.
struct DuplicateFile {
  std::filesystem::path file;  // absolute, canonical
  int entries = 0;             // how many entries name it (>= 2)
};

// Parses database text; `origin` names the file in messages. Relative "file" and "directory"
// values resolve against `base_dir` (the database's folder) and the entry's directory. Later
// entries for a file already seen are dropped, so each file appears once, in database order;
// when `duplicates` is given, it receives those files, in database order.
core::Result<std::vector<CompileCommand>> ParseCompileDatabase(
    std::string_view text, std::string_view origin, const std::filesystem::path& base_dir,
    std::vector<DuplicateFile>* duplicates = nullptr);

// Reads and parses `path`. A missing or unreadable file is InvalidArgument naming it.
core::Result<std::vector<CompileCommand>> LoadCompileDatabase(
    const std::filesystem::path& path, std::vector<DuplicateFile>* duplicates = nullptr);

}  // namespace nova::analyzers::libclang
