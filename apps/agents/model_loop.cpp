#include "apps/agents/model_loop.h"

#include <utility>

#include "apps/agents/slots.h"

namespace nova::app {
namespace {

using nlohmann::json;

// The budget ran out: the model work ends here, keeping what was done.
bool BudgetSpent(const core::Status& status) {
  return status.code() == core::StatusCode::kResourceExhausted;
}

// Whether `status` ended the model work for lack of budget; if so, a note says how far it got.
// Both agents stop the same way, so the note is worded once.
bool NoteBudgetStop(const core::Status& status, const std::string& agent, int done,
                    std::size_t total, const std::string& done_what,
                    std::vector<std::string>& notes) {
  if (status.ok() || !BudgetSpent(status)) return false;
  notes.push_back(agent + ": stopped: " + status.message() + "; " + std::to_string(done) + " of " +
                  std::to_string(total) + " function(s) " + done_what);
  return true;
}

}  // namespace

std::string RelativeTo(const std::string& file, const std::filesystem::path& root) {
  return std::filesystem::path(file).lexically_relative(root).generic_string();
}

core::model::ChatRequest RequestFor(const ModelSession& session, std::string purpose,
                                    std::vector<core::model::ChatMessage> messages, json schema,
                                    std::string schema_name) {
  core::model::ChatRequest request;
  request.model = session.settings().name;
  request.messages = std::move(messages);
  request.max_tokens = session.settings().max_output_tokens;
  request.schema = std::move(schema);
  request.schema_name = std::move(schema_name);
  request.response_format = session.settings().response_format;
  request.purpose = std::move(purpose);
  return request;
}

std::string ModelDetails(const ModelSession& session, const std::string& extra_key,
                         const std::string& extra_value) {
  json details = {{"source", "model"}, {"model", session.settings().name}};
  if (!extra_key.empty()) details[extra_key] = extra_value;
  return details.dump();
}

core::Outcome ModelLoop::Finish(core::Blackboard& board, const char* slot, bool none_chosen,
                                const std::string& declined_reason) {
  if (!failure.ok()) {
    output.notes.push_back(agent_ + ": failed: " + failure.ToString());
    board.Put(slot, std::move(output));
    return core::Outcome::Failed(failure);
  }
  board.Put(slot, std::move(output));
  if (none_chosen) return core::Outcome::Declined(declined_reason);
  return core::Outcome::Ok();
}

std::optional<core::model::ChatReply> ModelLoop::Send(const core::model::ChatRequest& request,
                                                      int done, const std::string& doing) {
  auto reply = session_.client().Complete(request, context_.hooks);
  if (NoteBudgetStop(reply.status(), agent_, done, total_, done_what_, output.notes)) {
    return std::nullopt;
  }
  if (!reply.ok()) {
    failure = reply.status().WithContext(doing);
    return std::nullopt;
  }
  return std::move(*reply);
}

}  // namespace nova::app
