// The files of one night in .nova/nightly/<run>/: report.json (the NightReport), and the
// Markdown and HTML reports; with --summary FILE the Markdown is appended to FILE too (for
// $GITHUB_STEP_SUMMARY). Not thread-safe (writes files).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "apps/agents/nightly_agents.h"
#include "nova-core/result.h"
#include "reviewer/night_report.h"

namespace nova::app {

// Writes the report files into `dir`; returns their names, comma-separated, for the user.
core::Result<std::string> WriteNightFiles(const reviewer::NightReport& report,
                                          const PublishResult* publish,
                                          const std::filesystem::path& dir,
                                          const std::optional<std::filesystem::path>& summary);

}  // namespace nova::app
