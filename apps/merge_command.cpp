#include <fstream>
#include <sstream>

#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "reviewer/merge.h"

namespace nova::app {

int RunMerge(const MergeOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<std::string> documents;
  for (const auto& path : options.inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      err << "nova merge: error: cannot read " << path.string() << "\n";
      return kExitUsage;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    documents.push_back(buffer.str());
  }
  auto merged = reviewer::MergeReports(documents, options.format);
  if (!merged.ok()) {
    err << "nova merge: error: " << merged.status().message() << "\n";
    return ExitCodeFor(merged.status());
  }
  CommonOptions sink;
  sink.output = options.output;
  core::Status written = WriteOutput(sink, *merged, out);
  if (!written.ok()) {
    err << "nova merge: error: " << written.message() << "\n";
    return ExitCodeFor(written);
  }
  return kExitOk;
}

}  // namespace nova::app
