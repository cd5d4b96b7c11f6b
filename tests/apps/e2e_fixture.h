// The end-to-end fixture: a small CMake project with a ctest test and NULL in its source,
// committed in a real git repository in a temp dir, plus a helper that runs the real `nova`
// binary on it. Test-only.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace nova::testing {

inline constexpr char kDemoSource[] = R"(#include "demo.h"
#include <cstddef>

const char* Find(const char* text, char c) {
  if (text == NULL) return NULL;
  for (; *text != '\0'; ++text) {
    if (*text == c) return text;
  }
  return 0;
}
)";

// Creates the demo project as one commit on `main`, plus an unchecked-out branch `target`.
// `nova_json` is written as .nova.json when not empty.
void CreateDemoRepo(const std::filesystem::path& dir, const std::string& nova_json = "");

struct NovaRun {
  int exit_code = -1;
  std::string output;    // stdout + stderr
  nlohmann::json report;  // parsed -o file when the run wrote one
};
// Runs `ENV nova ARGS -o <dir>/../report.json` (the -o when `json_report`) in `dir`; `env` is
// prepended to the command line, e.g. "HOME=/x ".
NovaRun RunNova(const std::filesystem::path& dir, const std::string& args, bool json_report,
                const std::string& env = "");

}  // namespace nova::testing
