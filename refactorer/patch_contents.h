// PatchContents: what a PatchSet does to each file it touches, as the file's content at the base
// commit and after the set's edits, read through the libgit2 adapter (never the working tree).
// Shared by the branch writer, the reparse proof and `nova fix --dry-run`. Not thread-safe (uses
// a Repository).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nova-core/git/repository.h"
#include "refactorer/line_formatter.h"
#include "refactorer/patch_set.h"

namespace nova::refactorer {

struct FileChange {
  std::string relative;  // '/'-separated, relative to the repository root
  std::string absolute;  // the edits' path
  std::string before;    // content at the base commit
  std::string after;     // with the set's edits applied
  // The lines of `after` the edits wrote (not those they only shifted); a deletion of whole lines
  // touches none.
  LineRanges touched_lines = {};
};

// The lines of the content after `edits` (non-overlapping, offsets into `before`) that hold text
// they inserted or replaced, plus the line a deletion inside a line joined; sorted and merged.
LineRanges TouchedLines(const std::string& after, std::vector<core::Edit> edits);

// One entry per touched file, sorted by relative path. InvalidArgument for an edit outside the
// repository, past the end of its file or overlapping another; NotFound for a file the base
// commit does not have.
core::Result<std::vector<FileChange>> ComputeFileChanges(const core::git::Repository& repo,
                                                         const core::git::ObjectId& base,
                                                         const PatchSet& set);

// Absolute path -> content after the patch, as the reparse proof takes it.
std::map<std::string, std::string> PatchedByPath(const std::vector<FileChange>& changes);

}  // namespace nova::refactorer
