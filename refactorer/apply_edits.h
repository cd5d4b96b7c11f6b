// ApplyEdits: applies one file's non-overlapping edits to its content, back to front so the
// offsets, which refer to the original content, stay valid. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nova-core/finding.h"

namespace nova::refactorer {

// InvalidArgument when an edit reaches past the end of `content` or two edits overlap.
core::Result<std::string> ApplyEdits(std::string_view content, std::vector<core::Edit> edits);

}  // namespace nova::refactorer
