#include "e2e_fixture.h"

namespace nova::testing {

void CreateDemoRepo(const std::filesystem::path& dir, const std::string& nova_json) {
  std::map<std::string, std::string> files = {
      {"CMakeLists.txt",
       "cmake_minimum_required(VERSION 3.16)\nproject(demo CXX)\nenable_testing()\n"
       "add_library(demo demo.cpp)\nadd_executable(demo_test demo_test.cpp)\n"
       "target_link_libraries(demo_test demo)\nadd_test(NAME demo_test COMMAND demo_test)\n"},
      {"demo.h", "#pragma once\nconst char* Find(const char* text, char c);\n"},
      {"demo.cpp", kDemoSource},
      {"demo_test.cpp",
       "#include \"demo.h\"\n#include <cstdio>\n\nint main() {\n  const char* s = \"hello\";\n"
       "  if (Find(s, 'l') != s + 2) { std::puts(\"FAIL: l\"); return 1; }\n"
       "  if (Find(s, 'z') != nullptr) { std::puts(\"FAIL: z\"); return 1; }\n"
       "  if (Find(nullptr, 'a') != nullptr) { std::puts(\"FAIL: null\"); return 1; }\n"
       "  return 0;\n}\n"},
  };
  if (!nova_json.empty()) files[".nova.json"] = nova_json;
  InitRepo(dir, files);
  Git(dir, "branch target");
}

NovaRun RunNova(const std::filesystem::path& dir, const std::string& args, bool json_report,
                const std::string& env) {
  const std::filesystem::path report = dir.parent_path() / "report.json";
  std::filesystem::remove(report);
  NovaRun run;
  CommandResult result = RunShell(dir, env + std::string(NOVA_BINARY) + " " + args +
                                      (json_report ? " -o " + report.string() : ""));
  run.exit_code = result.exit_code;
  run.output = result.output;
  if (json_report && std::filesystem::exists(report)) {
    run.report = nlohmann::json::parse(ReadFile(report), nullptr, /*allow_exceptions=*/false);
  }
  return run;
}

}  // namespace nova::testing
