#include "analyzers/libclang/parse.h"

#include <vector>

#include "analyzers/libclang/command_line.h"

#ifndef NOVA_CLANG_RESOURCE_DIR
#error "NOVA_CLANG_RESOURCE_DIR must be defined (link the nova_libclang target)"
#endif

namespace nova::analyzers::libclang {
namespace {

std::string DescribeDiagnostic(CXDiagnostic diagnostic) {
  CXFile file = nullptr;
  unsigned line = 0;
  clang_getExpansionLocation(clang_getDiagnosticLocation(diagnostic), &file, &line, nullptr,
                             nullptr);
  std::string where = file != nullptr ? TakeString(clang_getFileName(file)) : "<command line>";
  if (line > 0) where += ":" + std::to_string(line);
  return where + ": " + TakeString(clang_getDiagnosticSpelling(diagnostic));
}

core::Status ToStatus(CXErrorCode code, const std::string& file) {
  switch (code) {
    case CXError_Success:
      return core::Status::Ok();
    case CXError_InvalidArguments:
      return core::InvalidArgumentError("libclang rejected the arguments for " + file);
    case CXError_Crashed:
      return core::InternalError("libclang crashed while parsing " + file);
    case CXError_ASTReadError:
      return core::InternalError("libclang could not read the AST for " + file);
    case CXError_Failure:
      break;
  }
  return core::InternalError("libclang failed to parse " + file +
                             " (unsupported compiler flags?)");
}

}  // namespace

core::Result<ParsedUnit> ParseTranslationUnit(CXIndex index, const CompileCommand& command,
                                              const std::map<std::string, std::string>& overlay) {
  std::vector<std::string> args = ClangArguments(command, NOVA_CLANG_RESOURCE_DIR);
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& arg : args) argv.push_back(arg.c_str());

  std::vector<CXUnsavedFile> unsaved;
  unsaved.reserve(overlay.size());
  for (const auto& [path, contents] : overlay) {
    unsaved.push_back(CXUnsavedFile{path.c_str(), contents.data(),
                                    static_cast<unsigned long>(contents.size())});
  }

  const std::string file = command.file.string();
  unsigned options = CXTranslationUnit_KeepGoing | CXTranslationUnit_DetailedPreprocessingRecord;
  CXTranslationUnit raw_tu = nullptr;
  CXErrorCode code = clang_parseTranslationUnit2FullArgv(
      index, file.c_str(), argv.data(), static_cast<int>(argv.size()),
      unsaved.empty() ? nullptr : unsaved.data(), static_cast<unsigned>(unsaved.size()), options,
      &raw_tu);
  ParsedUnit unit;
  unit.tu.reset(raw_tu);
  NOVA_RETURN_IF_ERROR(ToStatus(code, file));
  if (unit.tu == nullptr) return core::InternalError("libclang returned no AST for " + file);

  unsigned count = clang_getNumDiagnostics(unit.tu.get());
  for (unsigned i = 0; i < count; ++i) {
    DiagnosticHandle diagnostic(clang_getDiagnostic(unit.tu.get(), i));
    if (clang_getDiagnosticSeverity(diagnostic.get()) < CXDiagnostic_Error) continue;
    if (unit.error_count++ == 0) unit.first_error = DescribeDiagnostic(diagnostic.get());
  }
  return unit;
}

}  // namespace nova::analyzers::libclang
