// FunctionContext: the function definitions of one translation unit's main file, each with its
// extent and the functions it references, so a model can be shown a function with its callers
// and callees. Parses the unit once with its own libclang index; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analyzers/libclang/compile_db.h"
#include "nova-core/result.h"

namespace nova::analyzers {

struct FunctionFacts {
  std::string usr;     // libclang's unified symbol resolution, stable across units
  std::string name;    // qualified with its parameters: "ns::Widget::Resize(int)"
  std::string file;    // absolute, canonical: the unit's main file
  int begin_line = 0;  // the definition's extent, 1-based and inclusive
  int end_line = 0;
  std::uint64_t begin_offset = 0;  // byte offsets of the extent in `file`: [begin, end)
  std::uint64_t end_offset = 0;
  std::vector<std::string> callees = {};  // USRs of the functions it names, first use first
};

// Every function definition in `unit`'s main file, in file order; `overlay` maps absolute paths to
// contents read instead of the disk. InvalidArgument or Internal when libclang cannot parse it.
core::Result<std::vector<FunctionFacts>> ListFunctions(
    const libclang::CompileCommand& unit, const std::map<std::string, std::string>& overlay);

// The definition in `functions` whose extent holds `line`, innermost; nullptr when none does.
const FunctionFacts* FunctionAt(const std::vector<FunctionFacts>& functions, int line);

// Up to `limit` definitions among `functions` that name `target` (its callers), in file order.
std::vector<const FunctionFacts*> CallersOf(const std::vector<FunctionFacts>& functions,
                                            const FunctionFacts& target, int limit);
// Up to `limit` definitions among `functions` that `target` names (its callees), first use first.
std::vector<const FunctionFacts*> CalleesOf(const std::vector<FunctionFacts>& functions,
                                            const FunctionFacts& target, int limit);

}  // namespace nova::analyzers
