// ModelReview: what the model-reviewer asks a model about one function and what it accepts back.
// The function, its callers and callees and the rule findings already known go out as quoted
// data; the reply must be strict JSON {"comments": [{line, severity, message}]}; a comment is
// kept only when its line lies in the function and it repeats no rule finding. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/finding.h"
#include "nova-core/model/chat.h"
#include "nova-core/result.h"

namespace nova::reviewer {

inline constexpr char kModelReviewRule[] = "model-review";

struct CodeExcerpt {
  std::string name;    // "ns::Widget::Resize(int)"
  int first_line = 0;  // of `code` in its file
  std::string code;    // the definition's text
};

struct KnownFinding {
  int line = 0;
  std::string rule;
  std::string message;
  // What a comment on the rule's subject says besides the rule id's words: the caller copies
  // core::RuleCapabilities::subject_words from the rule list. Space-separated; may be empty.
  std::string subject_words = {};
};

struct ReviewTarget {
  std::string file;  // relative to the reviewed directory
  CodeExcerpt function;
  int last_line = 0;  // the function's last line
  std::vector<CodeExcerpt> callers = {};
  std::vector<CodeExcerpt> callees = {};
  std::vector<KnownFinding> findings = {};  // rule findings inside the function
};

struct ModelComment {
  int line = 0;
  core::Severity severity = core::Severity::kNote;
  std::string message;  // one line
};

// The system and user messages for `target`.
std::vector<core::model::ChatMessage> ReviewMessages(const ReviewTarget& target);
// The JSON schema of a reply (sent as response_format, and what ParseReviewReply enforces).
nlohmann::json ReviewReplySchema();
// The comments of a reply; InvalidArgument saying what is wrong when it is not strict JSON of
// the schema (no extra keys, line a positive integer, severity note|warning|error, message a
// non-empty string of at most 500 bytes).
core::Result<std::vector<ModelComment>> ParseReviewReply(std::string_view content);

struct FilteredComments {
  std::vector<ModelComment> accepted;
  int outside_function = 0;  // dropped: the line is not in the function
  int repeats_rule = 0;      // dropped: a rule finding on that line says the same
};
FilteredComments FilterComments(std::vector<ModelComment> comments, const ReviewTarget& target);

}  // namespace nova::reviewer
