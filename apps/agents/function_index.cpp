#include "apps/agents/function_index.h"

#include <utility>

#include "nova-core/file_io.h"

namespace nova::app {

FunctionIndex::FunctionIndex(const std::filesystem::path& compile_commands,
                             const std::map<std::string, std::string>& overlay)
    : overlay_(overlay) {
  auto units = analyzers::libclang::LoadCompileDatabase(compile_commands);
  if (units.ok())
    units_ = std::move(*units);
  else
    load_error_ = units.status();
}

core::Result<const std::vector<analyzers::FunctionFacts>*> FunctionIndex::FunctionsOf(
    const std::string& file) {
  NOVA_RETURN_IF_ERROR(load_error_);
  if (auto it = functions_.find(file); it != functions_.end()) return &it->second;
  for (const auto& unit : units_) {
    if (unit.file.string() != file) continue;
    NOVA_ASSIGN_OR_RETURN(std::vector<analyzers::FunctionFacts> list,
                          analyzers::ListFunctions(unit, overlay_));
    return &(functions_[file] = std::move(list));
  }
  return core::NotFoundError(file + ": no unit of the compile database compiles it");
}

core::Result<std::string> FunctionIndex::Content(const std::string& file) {
  if (auto it = overlay_.find(file); it != overlay_.end()) return it->second;
  if (auto it = contents_.find(file); it != contents_.end()) return it->second;
  NOVA_ASSIGN_OR_RETURN(std::string text, core::ReadWholeFile(file));
  return contents_[file] = std::move(text);
}

core::Result<reviewer::CodeExcerpt> FunctionIndex::Excerpt(const analyzers::FunctionFacts& f) {
  NOVA_ASSIGN_OR_RETURN(std::string text, Content(f.file));
  if (f.end_offset > text.size() || f.begin_offset > f.end_offset) {
    return core::InternalError(f.file + ": " + f.name + " lies outside the file");
  }
  return reviewer::CodeExcerpt{f.name, f.begin_line,
                               text.substr(f.begin_offset, f.end_offset - f.begin_offset)};
}

}  // namespace nova::app
