#include "refactorer/reparse_proof.h"

#include <atomic>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "analyzers/libclang/handles.h"
#include "analyzers/libclang/parse.h"
#include "nova-core/worker_pool.h"

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
                             std::map<std::string, std::string> base_overlay, core::WorkHooks hooks,
                             int jobs)
    : units_(std::move(units)),
      base_overlay_(std::move(base_overlay)),
      hooks_(std::move(hooks)),
      jobs_(core::ResolveJobs(jobs)) {
  if (hooks_.progress) {
    auto lock = std::make_shared<std::mutex>();
    hooks_.progress = [lock, progress = std::move(hooks_.progress)](std::string_view what) {
      std::lock_guard<std::mutex> guard(*lock);
      progress(what);
    };
  }
}

ReparseProver::~ReparseProver() = default;

namespace {

// Runs `parse(index, item)` for items 0..count-1 on `jobs` workers, each with its own index.
core::Status ParseOnWorkers(int jobs, std::size_t count,
                            const std::function<void(CXIndex, std::size_t)>& parse) {
  return core::RunWorkers(jobs, count, [&parse]() -> core::WorkerTask {
    auto index = std::make_shared<lc::IndexHandle>(lc::CreateIndex());
    return [&parse, index](std::size_t item) { parse(index->get(), item); };
  });
}

}  // namespace

core::Status ReparseProver::ParseBases() {
  if (!bases_.empty() || units_.empty()) return core::Status::Ok();
  std::vector<BaseUnit> bases(units_.size());
  NOVA_RETURN_IF_ERROR(ParseOnWorkers(jobs_, units_.size(), [&](CXIndex index, std::size_t i) {
    if (hooks_.Cancelled()) return;
    hooks_.Progress("reparse proof: base of " + units_[i].file.string());
    auto base = lc::ParseTranslationUnit(index, units_[i], base_overlay_);
    if (!base.ok()) return;
    bases[i] = {true, FilesRead(base->tu.get()), CollectDiagnostics(base->tu.get())};
  }));
  if (hooks_.Cancelled()) return hooks_.CancelReason();
  bases_ = std::move(bases);
  return core::Status::Ok();
}

core::Result<ProofVerdict> ReparseProver::Prove(const std::map<std::string, std::string>& patched) {
  NOVA_RETURN_IF_ERROR(ParseBases());
  std::map<std::string, std::string> patched_overlay = base_overlay_;
  for (const auto& [path, content] : patched) patched_overlay[path] = content;

  ProofVerdict verdict;
  std::vector<std::size_t> todo;  // units reading a patched file, in database order
  for (std::size_t i = 0; i < units_.size(); ++i) {
    if (!bases_[i].parsed) {
      verdict.unproven.push_back(units_[i].file.string());
    } else if (ReadsAny(bases_[i].files_read, patched)) {
      todo.push_back(i);
    }
  }
  // A failure found at position k makes every later position moot; earlier ones are still
  // parsed (workers take positions in order), so the first failure is a serial proof's.
  std::vector<std::string> failures(todo.size());
  std::atomic<std::size_t> first_failure = std::numeric_limits<std::size_t>::max();
  NOVA_RETURN_IF_ERROR(ParseOnWorkers(jobs_, todo.size(), [&](CXIndex index, std::size_t k) {
    if (k > first_failure.load() || hooks_.Cancelled()) return;
    const lc::CompileCommand& unit = units_[todo[k]];
    hooks_.Progress("reparse proof: " + unit.file.string());
    auto after = lc::ParseTranslationUnit(index, unit, patched_overlay);
    failures[k] = !after.ok() ? "the patched unit does not parse: " + after.status().message()
                              : AddedDiagnostic(bases_[todo[k]].diagnostics,
                                                CollectDiagnostics(after->tu.get()));
    if (failures[k].empty()) return;
    std::size_t seen = first_failure.load();
    while (k < seen && !first_failure.compare_exchange_weak(seen, k)) {
    }
  }));
  if (hooks_.Cancelled()) return hooks_.CancelReason();
  const std::size_t failed = first_failure.load();
  for (std::size_t k = 0; k < todo.size() && k <= failed; ++k) {
    verdict.reparsed.push_back(units_[todo[k]].file.string());
  }
  if (failed < todo.size()) {
    verdict.diagnostic = failures[failed];
    verdict.unit = units_[todo[failed]].file.string();
    return verdict;
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
