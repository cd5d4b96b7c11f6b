// Type-checked reads of a parsed report (Nova JSON or SARIF) for the shard mergers: a member is
// a pointer that is null when absent, and every read checks the type first, so no call here
// throws a json::exception. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

namespace nova::reviewer::report_json {

using nlohmann::json;

// The member `key` of `value`, or nullptr when `value` is no object or lacks it.
const json* Member(const json& value, const std::string& key);
bool IsArrayOfObjects(const json* value);
bool HasString(const json& object, const std::string& key);
bool HasInteger(const json& object, const std::string& key);
std::string StringOr(const json* value, std::string fallback = "");
std::int64_t IntegerOr(const json* value, std::int64_t fallback = 0);
// The merged document as written: indented, with a final newline.
std::string Dump(const json& document);
bool LooksLikeSarif(const json& document);
bool LooksLikeNovaJson(const json& document);

// Findings and results are ordered as core::FindingLess orders them.
using SortKey = std::tuple<std::string, std::int64_t, std::int64_t, std::string, std::string>;
void SortByKey(json& items, SortKey (*key_of)(const json&));

}  // namespace nova::reviewer::report_json
