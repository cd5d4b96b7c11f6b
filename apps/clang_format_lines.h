// ClangFormatLines: the real LineFormatter. Runs `clang-format -i --lines=A:B ...
// --style=file:<style>` (Debian's clang-format package) on a copy of the content in a scratch
// directory it owns, through the sandbox's ProcessRunner, and reads the result back. Not
// thread-safe: one instance per run.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "refactorer/line_formatter.h"

namespace nova::app {

struct ClangFormatOptions {
  std::string program = "clang-format";  // looked up in PATH. Default: clang-format
  std::filesystem::path scratch_dir;     // created if missing; files are written below it
  std::chrono::seconds timeout{60};      // per file. Default: 60 s
};

class ClangFormatLines final : public refactorer::LineFormatter {
 public:
  explicit ClangFormatLines(ClangFormatOptions options) : options_(std::move(options)) {}
  // Unavailable when clang-format cannot run, Internal when it fails (its output in the message).
  core::Result<std::string> Format(const std::string& style, const std::string& content,
                                   const std::string& relative_path,
                                   const refactorer::LineRanges& lines) override;

 private:
  ClangFormatOptions options_;
  int calls_ = 0;  // names each call's scratch folder
};

}  // namespace nova::app
