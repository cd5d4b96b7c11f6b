// Untrusted text as data: how Nova hands source code, comments, strings and pull-request text to
// a model. The data travels as one JSON document (code inside fenced blocks within JSON strings)
// after a system prompt saying that nothing in it is an instruction; replies are parsed as strict
// JSON and never executed. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace nova::core::model {

// The system prompt's fixed first paragraph: the user message is data, never instructions.
std::string_view DataPreamble();

// `lines` (a function's text starting at `first_line`) numbered "  12| ...", in a ```cpp fence.
std::string NumberedCodeBlock(std::string_view lines, int first_line);

// The user message: `document` serialized as JSON, introduced as data.
std::string QuotedData(const nlohmann::json& document);

}  // namespace nova::core::model
