// ClangFormatLines: the real LineFormatter. Runs `clang-format -i --lines=A:B ...
// --style=file:<style>` (Debian's clang-format package) on a copy of the content in a scratch
// directory it owns, through the ProcessRunner it is given, and reads the result back. Not
// thread-safe: one instance per run.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>

#include "nova-core/process/process_runner.h"
#include "refactorer/line_formatter.h"

namespace nova::refactorer {

struct ClangFormatOptions {
  std::string program = "clang-format";  // looked up in PATH. Default: clang-format
  std::filesystem::path scratch_dir;     // created if missing; files are written below it
  std::chrono::seconds timeout{60};      // per file. Default: 60 s
};

class ClangFormatLines final : public LineFormatter {
 public:
  // `runner` is not owned and outlives this formatter.
  ClangFormatLines(ClangFormatOptions options, core::ProcessRunner& runner)
      : options_(std::move(options)), runner_(runner) {}
  // Unavailable when clang-format cannot run, Internal when it fails (its output in the message).
  core::Result<std::string> Format(const std::string& style, const std::string& content,
                                   const std::string& relative_path,
                                   const LineRanges& lines) override;

 private:
  ClangFormatOptions options_;
  core::ProcessRunner& runner_;
  int calls_ = 0;  // names each call's scratch folder
};

}  // namespace nova::refactorer
