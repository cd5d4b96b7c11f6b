#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "nova-core/file_io.h"
#include "nova-core/trace_summary.h"

namespace nova::app {

int RunTrace(const std::filesystem::path& file, std::ostream& out, std::ostream& err) {
  auto text = core::ReadWholeFile(file);
  if (!text.ok()) return FailCommand(err, "nova trace", text.status());
  auto summary = core::SummarizeTrace(*text, file.string());
  if (!summary.ok()) return FailCommand(err, "nova trace", summary.status());
  out << *summary;
  return kExitOk;
}

}  // namespace nova::app
