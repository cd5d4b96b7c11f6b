#include "reviewer/report_json.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace nova::reviewer::report_json {

const json* Member(const json& value, const std::string& key) {
  if (!value.is_object()) return nullptr;
  const auto it = value.find(key);
  return it == value.end() ? nullptr : &*it;
}

bool IsArrayOfObjects(const json* value) {
  return value != nullptr && value->is_array() &&
         std::all_of(value->begin(), value->end(), [](const json& v) { return v.is_object(); });
}

bool HasString(const json& object, const std::string& key) {
  const json* member = Member(object, key);
  return member != nullptr && member->is_string();
}

bool HasInteger(const json& object, const std::string& key) {
  const json* member = Member(object, key);
  return member != nullptr && member->is_number_integer();
}

std::string StringOr(const json* value, std::string fallback) {
  return value != nullptr && value->is_string() ? value->get<std::string>() : fallback;
}

std::int64_t IntegerOr(const json* value, std::int64_t fallback) {
  return value != nullptr && value->is_number_integer() ? value->get<std::int64_t>() : fallback;
}

std::string Dump(const json& document) {
  // Shards copy source text; replace invalid UTF-8 rather than throw.
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

bool LooksLikeSarif(const json& document) { return Member(document, "runs") != nullptr; }

bool LooksLikeNovaJson(const json& document) {
  return Member(document, "findings") != nullptr || HasInteger(document, "version");
}

void SortByKey(json& items, SortKey (*key_of)(const json&)) {
  std::vector<std::pair<SortKey, json>> keyed;
  keyed.reserve(items.size());
  for (json& item : items) keyed.emplace_back(key_of(item), std::move(item));
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  items = json::array();
  for (auto& [key, item] : keyed) items.push_back(std::move(item));
}

}  // namespace nova::reviewer::report_json
