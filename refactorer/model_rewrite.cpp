#include "refactorer/model_rewrite.h"

#include "analyzers/analyzer.h"
#include "nova-core/model/untrusted.h"

namespace nova::refactorer {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxCodeBytes = 64 * 1024;
constexpr char kPrefix[] = "model/";

}  // namespace

bool IsModelRewritable(std::string_view rule) {
  return analyzers::CapabilitiesOf(rule).value_or(core::RuleCapabilities{}).model_rewritable;
}

std::string ModelPatchRule(std::string_view rule) { return kPrefix + std::string(rule); }

bool IsModelPatchRule(std::string_view rule) { return rule.starts_with(kPrefix); }

json RewriteReplySchema() {
  const json function = {
      {"type", "object"},
      {"properties", {{"name", {{"type", "string"}}}, {"code", {{"type", "string"}}}}},
      {"required", {"name", "code"}},
      {"additionalProperties", false}};
  return {{"type", "object"},
          {"properties",
           // Exactly one item: said in the prompt and checked by ParseRewriteReply, not with
           // minItems/maxItems, which some servers' strict modes refuse.
           {{"functions", {{"type", "array"}, {"items", function}}},
            {"summary", {{"type", "string"}}}}},
          {"required", {"functions", "summary"}},
          {"additionalProperties", false}};
}

std::vector<core::model::ChatMessage> RewriteMessages(const RewriteTarget& target) {
  std::string system(core::model::DataPreamble());
  system +=
      "\n\nTask: rewrite the C++ function in `function` so that the finding in `finding` no "
      "longer applies, keeping its behaviour, signature and name. You may add helper functions "
      "(static, or in an anonymous namespace) before it; their text goes into the same `code`, "
      "which replaces the function's definition exactly from its first to its last line. Do not "
      "change anything else. `code` is plain C++ without line numbers or fences. Reply with JSON "
      "of this schema: " +
      RewriteReplySchema().dump() +
      ", with exactly one entry in `functions`, naming the function as `function.name` names it.";
  const json document = {
      {"file", target.relative},
      {"function",
       {{"name", target.name},
        {"first_line", target.first_line},
        {"code", core::model::NumberedCodeBlock(target.code, target.first_line)}}},
      {"finding",
       {{"rule", target.finding.rule},
        {"line", target.finding.line},
        {"message", target.finding.message}}}};
  return {{"system", system}, {"user", core::model::QuotedData(document)}};
}

core::Result<RewriteReply> ParseRewriteReply(std::string_view content) {
  NOVA_ASSIGN_OR_RETURN(json reply, core::model::ParseStrictJson(content));
  auto bad = [](const std::string& why) {
    return core::InvalidArgumentError("reply does not match the schema: " + why);
  };
  if (!reply.is_object()) return bad("not a JSON object");
  for (const auto& [key, value] : reply.items()) {
    if (key != "functions" && key != "summary") return bad("unexpected key '" + key + "'");
  }
  if (!reply.contains("summary") || !reply["summary"].is_string()) {
    return bad("`summary` must be a string");
  }
  if (!reply.contains("functions") || !reply["functions"].is_array() ||
      reply["functions"].size() != 1) {
    return bad("`functions` must be an array of exactly one function");
  }
  const json& item = reply["functions"][0];
  if (!item.is_object()) return bad("functions[0] is not an object");
  for (const auto& [key, value] : item.items()) {
    if (key != "name" && key != "code") return bad("functions[0]: unexpected key '" + key + "'");
  }
  if (!item.contains("name") || !item["name"].is_string() || !item.contains("code") ||
      !item["code"].is_string()) {
    return bad("functions[0] needs string `name` and `code`");
  }
  if (item["code"].get<std::string>().size() > kMaxCodeBytes) {
    return bad("functions[0].code is larger than 64 KiB");
  }
  return RewriteReply{item["name"].get<std::string>(), item["code"].get<std::string>(),
                      reply["summary"].get<std::string>()};
}

core::Result<core::Edit> ConfinedEdit(const RewriteTarget& target, const RewriteReply& reply) {
  if (reply.name != target.name) {
    return core::FailedPreconditionError("the reply rewrites '" + reply.name + "', not '" +
                                         target.name + "', the only function it may change");
  }
  if (reply.code.find_first_not_of(" \t\r\n") == std::string::npos) {
    return core::FailedPreconditionError("the reply's code for " + target.name + " is empty");
  }
  if (reply.code == target.code) {
    return core::FailedPreconditionError("the reply leaves " + target.name + " unchanged");
  }
  return core::Edit{target.file, target.begin_offset, target.end_offset - target.begin_offset,
                    reply.code};
}

}  // namespace nova::refactorer
