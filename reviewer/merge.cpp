#include "reviewer/merge.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "reviewer/json_report_merge.h"
#include "reviewer/sarif_merge.h"

namespace nova::reviewer {
namespace {

using nlohmann::json;

// The one place nlohmann may throw. Everything after it checks types before reading, so no
// other call here can throw a json::exception.
core::Result<json> ParseDocument(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    return core::InvalidArgumentError(std::string("malformed JSON: ") + e.what());
  }
}

core::Status InputError(std::size_t index, const core::Status& status) {
  return status.WithContext("input " + std::to_string(index + 1));
}

}  // namespace

core::Result<std::string> MergeReports(const std::vector<std::string>& documents,
                                       std::string_view format) {
  if (format != "json" && format != "sarif") {
    return core::InvalidArgumentError("unknown report format '" + std::string(format) +
                                      "' (want json or sarif)");
  }
  if (documents.empty()) return core::InvalidArgumentError("no reports to merge");
  std::vector<json> docs;
  docs.reserve(documents.size());
  std::string first_tool;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    core::Result<json> doc = ParseDocument(documents[i]);
    if (!doc.ok()) return InputError(i, doc.status());
    const core::Status valid = format == "json" ? CheckJsonReport(*doc) : CheckSarifLog(*doc);
    if (!valid.ok()) return InputError(i, valid);
    if (format == "sarif") {
      const std::string tool = SarifToolName(*doc);
      if (i == 0) first_tool = tool;
      if (tool != first_tool) {
        return InputError(
            i, core::InvalidArgumentError("tool '" + tool + "' differs from input 1's '" +
                                          first_tool + "'"));
      }
    }
    docs.push_back(std::move(doc).value());
  }
  return format == "json" ? MergeJsonReports(docs) : MergeSarifLogs(docs);
}

}  // namespace nova::reviewer