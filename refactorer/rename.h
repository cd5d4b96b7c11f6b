// Cross-translation-unit rename by USR: the edits that rename a declaration and every use of it
// in every unit and header of a compile database (declarations in headers, out-of-line
// definitions, every override in its hierarchy, uses inside macro arguments), or why the rename
// is refused (the new name already names something in the same scope). For rules such as
// naming-consistency. Parses every unit once per call, however many renames it plans;
// thread-safe (each call owns its index).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "analyzers/libclang/compile_db.h"
#include "nova-core/finding.h"
#include "nova-core/result.h"
#include "nova-core/work_hooks.h"

namespace nova::refactorer {

struct RenameRequest {
  std::string usr;       // clang_getCursorUSR of the declaration, e.g. "c:@S@Shape@F@Area#1"
  std::string old_name;  // its current spelling
  std::string new_name;  // an identifier
};

struct RenamePlan {
  // Sorted, one per occurrence, canonical paths, offsets into the content the units were parsed
  // with; empty when refused.
  std::vector<core::Edit> edits;
  // Non-empty when no rename is proposed: "'Other' already names a declaration in the scope of
  // Shape::Area (c:@S@Shape)".
  std::string refused;
  std::vector<std::string> usrs;  // the declaration and every override renamed with it, sorted
};

// `overlay` maps absolute paths to contents used instead of the files on disk (the base commit's
// content). Every occurrence must lie under `project_root`, else the rename is refused. A unit
// libclang cannot parse at all is an error naming it; InvalidArgument when new_name is not an
// identifier or equals old_name.
core::Result<RenamePlan> PlanRename(const std::vector<analyzers::libclang::CompileCommand>& units,
                                    const std::map<std::string, std::string>& overlay,
                                    const std::filesystem::path& project_root,
                                    const RenameRequest& request);

// PlanRename for several requests with one parse of each unit: one result per request, in order
// (InvalidArgument for a request whose new name is not a new identifier). An error only when a
// unit cannot be parsed at all, or when `hooks` is cancelled (its reason). The units are parsed
// on `jobs` workers (0: one per core), each with its own index; the plans do not depend on it.
// `hooks` is told of each unit parsed, from one thread at a time.
core::Result<std::vector<core::Result<RenamePlan>>> PlanRenames(
    const std::vector<analyzers::libclang::CompileCommand>& units,
    const std::map<std::string, std::string>& overlay, const std::filesystem::path& project_root,
    const std::vector<RenameRequest>& requests, int jobs = 1, const core::WorkHooks& hooks = {});

// The USR of the declaration declared or referenced at `file`:`line`:`column` (1-based), looked
// up in the first unit that reads `file`; NotFound when there is none there.
core::Result<std::string> UsrAt(const std::vector<analyzers::libclang::CompileCommand>& units,
                                const std::map<std::string, std::string>& overlay,
                                const std::filesystem::path& file, int line, int column);

}  // namespace nova::refactorer
