// Policy tests' stand-in for a real build: a FakeProcessRunner whose lines fail in a checkout that
// holds "fail-<line>" (exit 1, printing "<line> failed") and pass elsewhere, so what is verified
// decides the verdict as with real commands, with no process started. Tests only.
#pragma once

#include <filesystem>
#include <string>

#include "nova-core/process/fake_process_runner.h"

namespace nova::sandbox::testing {

inline core::FakeReply ReplyOfTheTree(const core::ProcessSpec& spec) {
  const std::string& line = spec.argv.back();
  core::FakeReply reply;
  if (std::filesystem::exists(spec.working_dir / ("fail-" + line))) {
    reply.exit_code = 1;
    reply.output = line + " failed\n";
  }
  return reply;
}

inline void FailWhereTheTreeSays(core::FakeProcessRunner& runner) {
  runner.Otherwise(ReplyOfTheTree);
}

}  // namespace nova::sandbox::testing
