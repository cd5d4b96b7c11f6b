#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "nova-core/file_io.h"
#include "reviewer/merge.h"

namespace nova::app {

int RunMerge(const MergeOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<std::string> documents;
  for (const auto& path : options.inputs) {
    auto text = core::ReadWholeFile(path);
    if (!text.ok()) return FailCommand(err, "nova merge", text.status());
    documents.push_back(std::move(*text));
  }
  auto merged = reviewer::MergeReports(documents, options.format);
  if (!merged.ok()) return FailCommand(err, "nova merge", merged.status());
  CommonOptions sink;
  sink.output = options.output;
  core::Status written = WriteOutput(sink, *merged, out);
  if (!written.ok()) return FailCommand(err, "nova merge", written);
  return kExitOk;
}

}  // namespace nova::app
