#include "refactorer/clang_format_lines.h"

#include <cstdlib>
#include <fstream>

#include "nova-core/file_io.h"
#include "nova-core/process/log_tail.h"
#include "nova-core/process/process_runner.h"

namespace nova::refactorer {
namespace {

core::Status WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return core::UnavailableError("cannot write " + path.string());
  return core::Status::Ok();
}

}  // namespace

core::Result<std::string> ClangFormatLines::Format(const std::string& style,
                                                   const std::string& content,
                                                   const std::string& relative_path,
                                                   const LineRanges& lines) {
  const std::filesystem::path dir = options_.scratch_dir / ("format-" + std::to_string(++calls_));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return core::UnavailableError("cannot create " + dir.string() + ": " + ec.message());
  const std::filesystem::path style_file = dir / ".clang-format";
  const std::filesystem::path file = dir / std::filesystem::path(relative_path).filename();
  NOVA_RETURN_IF_ERROR(WriteText(style_file, style));
  NOVA_RETURN_IF_ERROR(WriteText(file, content));

  core::ProcessSpec spec;
  spec.argv = {options_.program, "-i", "--style=file:" + style_file.string()};
  for (const auto& [first, last] : lines) {
    spec.argv.push_back("--lines=" + std::to_string(first) + ":" + std::to_string(last));
  }
  spec.argv.push_back(file.string());
  if (const char* path = std::getenv("PATH")) spec.env["PATH"] = path;
  spec.working_dir = dir;
  spec.log_path = dir / "clang-format.log";
  spec.deadline = std::chrono::steady_clock::now() + options_.timeout;
  NOVA_ASSIGN_OR_RETURN(core::ProcessResult result, runner_.Run(spec));
  if (result.timed_out || result.exit_code != 0) {
    return core::InternalError("clang-format " +
                               (result.timed_out ? std::string("timed out")
                                                 : "exited " + std::to_string(result.exit_code)) +
                               ": " + core::LogTail(spec.log_path, 5));
  }
  NOVA_ASSIGN_OR_RETURN(std::string formatted, core::ReadWholeFile(file));
  std::filesystem::remove_all(dir, ec);
  return formatted;
}

}  // namespace nova::refactorer
