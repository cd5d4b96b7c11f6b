#include "nova-core/process/fake_process_runner.h"

#include <algorithm>
#include <fstream>
#include <utility>

#include "nova-core/check.h"

namespace nova::core {

void FakeProcessRunner::When(const std::string& command, std::vector<FakeReply> replies) {
  NOVA_CHECK(!replies.empty());
  std::lock_guard<std::mutex> lock(mutex_);
  scripts_[command] = Script{std::move(replies), 0};
}

void FakeProcessRunner::Otherwise(Responder responder) {
  std::lock_guard<std::mutex> lock(mutex_);
  otherwise_ = std::move(responder);
}

std::vector<ProcessSpec> FakeProcessRunner::calls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return calls_;
}

std::vector<std::string> FakeProcessRunner::Commands() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> commands;
  for (const ProcessSpec& spec : calls_) commands.push_back(spec.argv.back());
  return commands;
}

std::optional<FakeReply> FakeProcessRunner::Scripted(const ProcessSpec& spec,
                                                     Responder& responder) {
  std::lock_guard<std::mutex> lock(mutex_);
  calls_.push_back(spec);
  auto script = scripts_.find(spec.argv.back());
  if (script == scripts_.end()) {
    responder = otherwise_;
    return responder ? std::nullopt : std::optional<FakeReply>(FakeReply{});
  }
  Script& replies = script->second;
  const std::size_t index = std::min(replies.next, replies.replies.size() - 1);
  ++replies.next;
  return replies.replies[index];
}

Result<ProcessResult> FakeProcessRunner::Run(const ProcessSpec& spec) {
  if (spec.argv.empty()) return InvalidArgumentError("empty argv");
  ProcessResult result;
  if (spec.hooks.Cancelled()) {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.push_back(spec);
    result.exit_code = -1;
    result.cancelled = true;
    return result;
  }
  Responder responder;
  std::optional<FakeReply> scripted = Scripted(spec, responder);
  const FakeReply reply = scripted.has_value() ? *scripted : responder(spec);
  if (reply.error.has_value()) return *reply.error;
  if (!spec.log_path.empty() && !reply.output.empty()) {
    std::ofstream(spec.log_path, std::ios::binary | std::ios::app) << reply.output;
  }
  result.signal = reply.signal;
  result.exit_code = reply.signal != 0 ? -1 : reply.exit_code;
  result.timed_out = reply.timed_out;
  result.output_bytes = reply.output.size();
  return result;
}

}  // namespace nova::core
