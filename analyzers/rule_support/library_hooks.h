// Names that libraries call through argument-dependent lookup from inside their own templates:
// nlohmann/json's from_json/to_json, GoogleTest's PrintTo, Abseil's and Boost's hash hooks. Their
// spelling is the library's, and their only caller is invisible in the user's source, so
// unused-function and naming-consistency leave them alone.
#pragma once

#include <string_view>

namespace nova::analyzers {

bool IsLibraryHook(std::string_view function_name);

}  // namespace nova::analyzers
