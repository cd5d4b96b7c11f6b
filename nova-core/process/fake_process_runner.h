// FakeProcessRunner: a ProcessRunner for tests that starts nothing. It records every ProcessSpec
// it is asked to run and answers from a script: per command (the last argv word, i.e. LINE of
// `/bin/sh -c LINE`), one reply per call in order, or else from a function of the spec (which may
// look at the checkout, as a real build would). Thread-safe; the function it is given must be too.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "nova-core/process/process_runner.h"
#include "nova-core/status.h"

namespace nova::core {

// What one fake run does. Default: exit 0, no output.
struct FakeReply {
  int exit_code = 0;  // -1 when `signal` is set
  int signal = 0;
  bool timed_out = false;
  std::string output = {};  // appended to spec.log_path, as the child's stdout + stderr would be
  // Set: Run() returns this error and runs nothing (e.g. NotFound for a missing program).
  std::optional<Status> error = std::nullopt;
};

class FakeProcessRunner final : public ProcessRunner {
 public:
  using Responder = std::function<FakeReply(const ProcessSpec& spec)>;

  // A spec whose last argv word is `command` gets `replies` in turn, the last one repeating.
  // Replaces an earlier script for the same command. `replies` must not be empty.
  void When(const std::string& command, std::vector<FakeReply> replies);
  // Answers every spec no When matches. Default: exit 0, no output.
  void Otherwise(Responder responder);

  // Every spec asked for, in call order (also the ones that got an error).
  std::vector<ProcessSpec> calls() const;
  // The last argv word of each spec asked for, in call order.
  std::vector<std::string> Commands() const;

  // InvalidArgument for an empty argv, like the real runner; a spec whose cancel token fired is
  // recorded, takes no reply and is cancelled (exit_code -1). Records no effects.
  Result<ProcessResult> Run(const ProcessSpec& spec) override;

 private:
  struct Script {
    std::vector<FakeReply> replies;
    std::size_t next = 0;
  };
  // The reply for `spec`, or the responder to ask (outside the lock) when nothing is scripted.
  std::optional<FakeReply> Scripted(const ProcessSpec& spec, Responder& responder);

  mutable std::mutex mutex_;
  std::vector<ProcessSpec> calls_;          // guarded by mutex_
  std::map<std::string, Script> scripts_;   // guarded by mutex_
  Responder otherwise_;                     // guarded by mutex_; empty: exit 0
};

}  // namespace nova::core
