// RunReportWriter: leaves report.json and report.md in a run's directory (.nova/runs/<run>/):
// the command, its status, every step with its outcome, and the command's own result (the review,
// or what was proposed, verified, merged and rejected). Written also when the run failed.
// Functions only; not thread-safe with respect to the same directory.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "nova-core/driver.h"

namespace nova::app {

// `result` may be null when the run stopped before producing one; `result_markdown` is a
// Markdown section body describing it.
core::Status WriteRunReport(const std::filesystem::path& run_dir, std::string_view command,
                            const core::RunReport& run, const nlohmann::json& result,
                            const std::string& result_markdown);

}  // namespace nova::app
