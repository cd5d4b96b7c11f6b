#include "refactorer/apply_edits.h"

#include <algorithm>

namespace nova::refactorer {

core::Result<std::string> ApplyEdits(std::string_view content, std::vector<core::Edit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const core::Edit& a, const core::Edit& b) {
              // Back to front; at one offset the longer edit first, so an insertion there
              // lands before the replaced text whatever order the edits came in.
              return a.offset != b.offset ? a.offset > b.offset : a.length > b.length;
            });
  std::string out(content);
  std::uint64_t limit = content.size();  // start of the previously applied (later) edit
  for (const core::Edit& edit : edits) {
    // Written so that no sum can wrap around.
    if (edit.offset > content.size() || edit.length > content.size() - edit.offset) {
      return core::InvalidArgumentError("edit at offset " + std::to_string(edit.offset) + " of " +
                                        edit.file + " reaches past its end (" +
                                        std::to_string(content.size()) + " bytes)");
    }
    if (edit.offset + edit.length > limit) {  // no wrap: bounded by content.size() above
      return core::InvalidArgumentError("overlapping edits at offset " +
                                        std::to_string(edit.offset) + " of " + edit.file);
    }
    out.replace(edit.offset, edit.length, edit.replacement);
    limit = edit.offset;
  }
  return out;
}

}  // namespace nova::refactorer
