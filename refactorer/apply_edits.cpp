#include "refactorer/apply_edits.h"

#include <algorithm>

namespace nova::refactorer {

core::Result<std::string> ApplyEdits(std::string_view content, std::vector<core::Edit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const core::Edit& a, const core::Edit& b) { return a.offset > b.offset; });
  std::string out(content);
  std::uint64_t limit = content.size();  // start of the previously applied (later) edit
  for (const core::Edit& edit : edits) {
    if (edit.offset + edit.length > content.size()) {
      return core::InvalidArgumentError("edit at offset " + std::to_string(edit.offset) + " of " +
                                        edit.file + " reaches past its end (" +
                                        std::to_string(content.size()) + " bytes)");
    }
    if (edit.offset + edit.length > limit) {
      return core::InvalidArgumentError("overlapping edits at offset " +
                                        std::to_string(edit.offset) + " of " + edit.file);
    }
    out.replace(edit.offset, edit.length, edit.replacement);
    limit = edit.offset;
  }
  return out;
}

}  // namespace nova::refactorer
