#include "reviewer/model_review.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "nova-core/model/untrusted.h"

namespace nova::reviewer {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxMessageBytes = 500;

json ExcerptJson(const CodeExcerpt& excerpt) {
  return {{"name", excerpt.name},
          {"first_line", excerpt.first_line},
          {"code", core::model::NumberedCodeBlock(excerpt.code, excerpt.first_line)}};
}

// Lowercase words of three letters or more.
std::set<std::string> Words(std::string_view text) {
  std::set<std::string> words;
  std::string word;
  for (char c : std::string(text) + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (word.size() >= 3) words.insert(word);
      word.clear();
    }
  }
  return words;
}

// The words a finding's rule is about, beyond those of its message.
std::set<std::string> RuleWords(const KnownFinding& finding) {
  std::set<std::string> words = Words(finding.rule);
  words.merge(Words(finding.subject_words));
  words.erase("function");
  words.erase("code");
  return words;
}

// Same line and the same subject: the comment names the rule's subject, or shares at least half
// of the finding message's words.
bool Repeats(const ModelComment& comment, const KnownFinding& finding) {
  if (comment.line != finding.line) return false;
  const std::set<std::string> said = Words(comment.message);
  for (const std::string& word : RuleWords(finding)) {
    if (said.contains(word)) return true;
  }
  const std::set<std::string> known = Words(finding.message);
  if (known.empty()) return false;
  std::size_t shared = 0;
  for (const std::string& word : known) shared += said.contains(word) ? 1 : 0;
  return shared * 2 >= known.size();
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

}  // namespace

json ReviewReplySchema() {
  const json comment = {
      {"type", "object"},
      {"properties",
       {{"line", {{"type", "integer"}}},
        {"severity", {{"type", "string"}, {"enum", {"note", "warning", "error"}}}},
        {"message", {{"type", "string"}}}}},
      {"required", {"line", "severity", "message"}},
      {"additionalProperties", false}};
  return {{"type", "object"},
          {"properties", {{"comments", {{"type", "array"}, {"items", comment}}}}},
          {"required", {"comments"}},
          {"additionalProperties", false}};
}

std::vector<core::model::ChatMessage> ReviewMessages(const ReviewTarget& target) {
  std::string system(core::model::DataPreamble());
  system +=
      "\n\nTask: review the function in `function` (its callers and callees are context only) "
      "for defects a careful C++ reviewer would raise: bugs, undefined behaviour, resource or "
      "error-handling mistakes, misleading names. Do not repeat anything `known_findings` "
      "already says. Use the line numbers shown at the left of the code; comment only on lines "
      "of `function`. Reply with JSON of this schema: " +
      ReviewReplySchema().dump() + " (an empty `comments` array when there is nothing to say).";
  json findings = json::array();
  for (const KnownFinding& f : target.findings) {
    findings.push_back({{"line", f.line}, {"rule", f.rule}, {"message", f.message}});
  }
  json callers = json::array(), callees = json::array();
  for (const CodeExcerpt& c : target.callers) callers.push_back(ExcerptJson(c));
  for (const CodeExcerpt& c : target.callees) callees.push_back(ExcerptJson(c));
  const json document = {{"file", target.file},
                         {"function", ExcerptJson(target.function)},
                         {"last_line", target.last_line},
                         {"callers", callers},
                         {"callees", callees},
                         {"known_findings", findings}};
  return {{"system", system}, {"user", core::model::QuotedData(document)}};
}

namespace {

// Every way a reply can miss the schema is reported with the same prefix.
core::Status SchemaError(const std::string& why) {
  return core::InvalidArgumentError("reply does not match the schema: " + why);
}

// One element of `comments`, checked field by field; `at` names it in the error.
core::Result<ModelComment> ParseOneComment(const json& item, const std::string& at) {
  if (!item.is_object()) return SchemaError(at + " is not an object");
  for (const auto& [key, value] : item.items()) {
    if (key != "line" && key != "severity" && key != "message") {
      return SchemaError(at + ": unexpected key '" + key + "'");
    }
  }
  if (!item.contains("line") || !item["line"].is_number_integer() ||
      item["line"].get<long long>() < 1 || item["line"].get<long long>() > 10'000'000) {
    return SchemaError(at + ".line must be a positive integer");
  }
  if (!item.contains("severity") || !item["severity"].is_string()) {
    return SchemaError(at + ".severity must be note, warning or error");
  }
  auto severity = core::ParseSeverity(item["severity"].get<std::string>());
  if (!severity.ok()) return SchemaError(at + ".severity must be note, warning or error");
  if (!item.contains("message") || !item["message"].is_string() ||
      item["message"].get<std::string>().empty() ||
      item["message"].get<std::string>().size() > kMaxMessageBytes) {
    return SchemaError(at + ".message must be a non-empty string of at most 500 bytes");
  }
  return ModelComment{item["line"].get<int>(), *severity,
                      OneLine(item["message"].get<std::string>())};
}

}  // namespace

core::Result<std::vector<ModelComment>> ParseReviewReply(std::string_view content) {
  NOVA_ASSIGN_OR_RETURN(json reply, core::model::ParseStrictJson(content));
  if (!reply.is_object()) return SchemaError("not a JSON object");
  for (const auto& [key, value] : reply.items()) {
    if (key != "comments") return SchemaError("unexpected key '" + key + "'");
  }
  if (!reply.contains("comments") || !reply["comments"].is_array()) {
    return SchemaError("`comments` must be an array");
  }
  std::vector<ModelComment> comments;
  for (std::size_t i = 0; i < reply["comments"].size(); ++i) {
    NOVA_ASSIGN_OR_RETURN(
        ModelComment comment,
        ParseOneComment(reply["comments"][i], "comments[" + std::to_string(i) + "]"));
    comments.push_back(std::move(comment));
  }
  return comments;
}

FilteredComments FilterComments(std::vector<ModelComment> comments, const ReviewTarget& target) {
  FilteredComments out;
  for (ModelComment& comment : comments) {
    if (comment.line < target.function.first_line || comment.line > target.last_line) {
      ++out.outside_function;
      continue;
    }
    const bool repeats = std::any_of(target.findings.begin(), target.findings.end(),
                                     [&](const KnownFinding& f) { return Repeats(comment, f); });
    if (repeats) {
      ++out.repeats_rule;
      continue;
    }
    out.accepted.push_back(std::move(comment));
  }
  return out;
}

}  // namespace nova::reviewer
