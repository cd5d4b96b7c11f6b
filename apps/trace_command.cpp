#include <fstream>
#include <sstream>

#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "nova-core/trace_summary.h"

namespace nova::app {

int RunTrace(const std::filesystem::path& file, std::ostream& out, std::ostream& err) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << "nova trace: error: cannot read " << file.string() << "\n";
    return kExitUsage;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto summary = core::SummarizeTrace(buffer.str(), file.string());
  if (!summary.ok()) {
    err << "nova trace: error: " << summary.status().message() << "\n";
    return ExitCodeFor(summary.status());
  }
  out << *summary;
  return kExitOk;
}

}  // namespace nova::app
