// IncludeInsertion: the edit a fix needs to add an #include, placed in sorted position among the
// file's includes of the same kind (<angled> or "quoted"), and none when the file already
// includes that header. The same header wanted by several findings gives the same edit, which
// PlanPatchSets applies once. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "nova-core/finding.h"

namespace nova::refactorer {

// `header` is the name between the brackets ("vector", "util/strings.h"); `file` names the edit.
// Placement: before the first include of the same kind, in the first block of them, whose name
// sorts after `header`, else after that block; with no include of that kind, as its own block
// after the last include; with no include at all, after `#pragma once` or the include guard's
// #define, else at the top.
std::optional<core::Edit> IncludeInsertion(std::string_view content, const std::string& file,
                                           std::string_view header, bool angled);

}  // namespace nova::refactorer
