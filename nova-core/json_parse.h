// One way to turn text into JSON across Nova: a syntax error becomes a Status naming where the
// text came from (a file path, "GitHub's response to GET /user") and the line it is on, never an
// exception; callers that need an object say so once instead of checking by hand.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "nova-core/result.h"

namespace nova::core {

// Any JSON value; kInvalidArgument "<origin>:<line>: not valid JSON: <parser's words>".
Result<nlohmann::json> ParseJson(std::string_view text, std::string_view origin);

// As ParseJson, and also kInvalidArgument "<origin>: must be a JSON object" for any other value.
Result<nlohmann::json> ParseJsonObject(std::string_view text, std::string_view origin);

// nlohmann's message without its bracketed id: "[json.exception.out_of_range.403] key 'usr' not
// found" -> "key 'usr' not found", "[json.exception.parse_error.101] parse error at line 3, ..."
// -> "parse error at line 3, ...".
std::string JsonErrorMessage(const nlohmann::json::exception& error);

}  // namespace nova::core
