// ModelRewrite: what the model-refactorer asks a model for one flagged function and how a reply
// becomes an edit. The function and the finding go out as quoted data; the reply must be strict
// JSON {"functions": [{name, code}], "summary"} naming only the function asked about; its code
// replaces exactly that function's extent, and anything else is rejected. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/finding.h"
#include "nova-core/model/chat.h"
#include "nova-core/result.h"

namespace nova::refactorer {

// Findings no mechanical fix covers, which the model-refactorer may rewrite.
bool IsModelRewritable(std::string_view rule);
// "model/<rule>": the rule of a model patch, so its branch is nova/model/<rule>/<id>.
std::string ModelPatchRule(std::string_view rule);
bool IsModelPatchRule(std::string_view rule);

struct RewriteTarget {
  std::string file;      // absolute, canonical
  std::string relative;  // for the prompt
  std::string name;      // "ns::Widget::Resize(int)"
  int first_line = 0;
  std::uint64_t begin_offset = 0;  // the definition's extent in `file`: [begin, end)
  std::uint64_t end_offset = 0;
  std::string code;       // the definition's text
  core::Finding finding;  // what flagged it
};

std::vector<core::model::ChatMessage> RewriteMessages(const RewriteTarget& target);
nlohmann::json RewriteReplySchema();

struct RewriteReply {
  std::string name;
  std::string code;
  std::string summary;
};
// InvalidArgument saying what is wrong when the reply is not strict JSON of the schema.
core::Result<RewriteReply> ParseRewriteReply(std::string_view content);

// The edit replacing the target's extent with the reply's code; FailedPrecondition (a rejection,
// with the reason) when the reply names another function or changes nothing.
core::Result<core::Edit> ConfinedEdit(const RewriteTarget& target, const RewriteReply& reply);

}  // namespace nova::refactorer
