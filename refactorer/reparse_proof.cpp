#include "refactorer/reparse_proof.h"

#include <filesystem>
#include <set>

#include "analyzers/libclang/handles.h"
#include "analyzers/libclang/parse.h"

namespace nova::refactorer {
namespace {

namespace lc = analyzers::libclang;

std::string Canonical(const std::string& path) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

std::string FilePath(CXFile file) {
  std::string real = lc::TakeString(clang_File_tryGetRealPathName(file));
  if (real.empty()) real = lc::TakeString(clang_getFileName(file));
  return Canonical(real);
}

void CollectInclusion(CXFile included, CXSourceLocation*, unsigned, CXClientData data) {
  static_cast<std::set<std::string>*>(data)->insert(FilePath(included));
}

// Every file the unit read, canonical, its main file included.
std::set<std::string> FilesRead(CXTranslationUnit tu) {
  std::set<std::string> files;
  clang_getInclusions(tu, &CollectInclusion, &files);
  return files;
}

// A diagnostic's identity across a patch: line numbers shift and a renamed name changes the
// message, so what must not grow is the count of each (file, severity, warning option or
// category) pair.
using DiagnosticKey = std::string;

struct Diagnostics {
  std::map<DiagnosticKey, int> counts;
  std::map<DiagnosticKey, std::string> last_text;  // a readable example of each key
};

Diagnostics CollectDiagnostics(CXTranslationUnit tu) {
  Diagnostics out;
  const unsigned count = clang_getNumDiagnostics(tu);
  for (unsigned i = 0; i < count; ++i) {
    lc::DiagnosticHandle diagnostic(clang_getDiagnostic(tu, i));
    const CXDiagnosticSeverity severity = clang_getDiagnosticSeverity(diagnostic.get());
    if (severity < CXDiagnostic_Warning) continue;
    CXFile file = nullptr;
    clang_getExpansionLocation(clang_getDiagnosticLocation(diagnostic.get()), &file, nullptr,
                               nullptr, nullptr);
    std::string kind = lc::TakeString(clang_getDiagnosticOption(diagnostic.get(), nullptr));
    if (kind.empty()) {
      kind = lc::TakeString(clang_getDiagnosticCategoryText(diagnostic.get()));
    }
    const DiagnosticKey key = (file != nullptr ? FilePath(file) : std::string("<command line>")) +
                              '\0' + std::to_string(severity) + '\0' + kind;
    ++out.counts[key];
    out.last_text[key] = lc::TakeString(
        clang_formatDiagnostic(diagnostic.get(), clang_defaultDiagnosticDisplayOptions()));
  }
  return out;
}

// The first diagnostic `after` has more of than `before`, or "".
std::string AddedDiagnostic(const Diagnostics& before, const Diagnostics& after) {
  for (const auto& [key, count] : after.counts) {
    auto it = before.counts.find(key);
    if (it == before.counts.end() || it->second < count) return after.last_text.at(key);
  }
  return "";
}

bool ReadsAny(const std::set<std::string>& files,
              const std::map<std::string, std::string>& patched) {
  for (const auto& [path, content] : patched) {
    if (files.contains(path)) return true;
  }
  return false;
}

}  // namespace

struct ReparseProver::BaseUnit {
  bool parsed = false;
  std::set<std::string> files_read;
  Diagnostics diagnostics;
};

ReparseProver::ReparseProver(std::vector<lc::CompileCommand> units,
                             std::map<std::string, std::string> base_overlay, core::WorkHooks hooks)
    : units_(std::move(units)),
      base_overlay_(std::move(base_overlay)),
      hooks_(std::move(hooks)),
      index_(lc::CreateIndex().release()) {}

ReparseProver::~ReparseProver() { lc::IndexHandle owned(index_); }

core::Status ReparseProver::ParseBases() {
  if (!bases_.empty() || units_.empty()) return core::Status::Ok();
  std::vector<BaseUnit> bases;
  for (const lc::CompileCommand& unit : units_) {
    if (hooks_.Cancelled()) return hooks_.CancelReason();
    hooks_.Progress("reparse proof: base of " + unit.file.string());
    auto base = lc::ParseTranslationUnit(index_, unit, base_overlay_);
    if (!base.ok()) {
      bases.push_back({});
      continue;
    }
    bases.push_back({true, FilesRead(base->tu.get()), CollectDiagnostics(base->tu.get())});
  }
  bases_ = std::move(bases);
  return core::Status::Ok();
}

core::Result<ProofVerdict> ReparseProver::Prove(const std::map<std::string, std::string>& patched) {
  NOVA_RETURN_IF_ERROR(ParseBases());
  std::map<std::string, std::string> patched_overlay = base_overlay_;
  for (const auto& [path, content] : patched) patched_overlay[path] = content;

  ProofVerdict verdict;
  for (std::size_t i = 0; i < units_.size(); ++i) {
    const lc::CompileCommand& unit = units_[i];
    if (!bases_[i].parsed) {
      verdict.unproven.push_back(unit.file.string());
      continue;
    }
    if (!ReadsAny(bases_[i].files_read, patched)) continue;
    if (hooks_.Cancelled()) return hooks_.CancelReason();
    hooks_.Progress("reparse proof: " + unit.file.string());
    verdict.reparsed.push_back(unit.file.string());
    auto after = lc::ParseTranslationUnit(index_, unit, patched_overlay);
    if (!after.ok()) {
      verdict.diagnostic = "the patched unit does not parse: " + after.status().message();
      verdict.unit = unit.file.string();
      return verdict;
    }
    verdict.diagnostic =
        AddedDiagnostic(bases_[i].diagnostics, CollectDiagnostics(after->tu.get()));
    if (!verdict.diagnostic.empty()) {
      verdict.unit = unit.file.string();
      return verdict;
    }
  }
  verdict.passed = true;
  return verdict;
}

core::Result<ProofVerdict> ProvePatchCompiles(
    const std::vector<lc::CompileCommand>& units,
    const std::map<std::string, std::string>& base_overlay,
    const std::map<std::string, std::string>& patched) {
  ReparseProver prover(units, base_overlay);
  return prover.Prove(patched);
}

}  // namespace nova::refactorer
