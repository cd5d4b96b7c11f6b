// FunctionIndex: the function definitions of the units that compile each file, parsed once per
// run and read with the files' base content, for the model agents to pick functions and quote
// them. Not thread-safe; one instance per agent run.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "analyzers/function_context.h"
#include "nova-core/result.h"
#include "reviewer/model_review.h"

namespace nova::app {

class FunctionIndex {
 public:
  // A database that does not load makes every FunctionsOf fail with its error.
  FunctionIndex(const std::filesystem::path& compile_commands,
                const std::map<std::string, std::string>& overlay);

  // The functions of `file`'s unit; NotFound when no unit compiles it.
  core::Result<const std::vector<analyzers::FunctionFacts>*> FunctionsOf(const std::string& file);

  // `file`'s base content: the overlay's, else what is on disk (read once).
  core::Result<std::string> Content(const std::string& file);

  // The text of `f`; Internal when its offsets lie outside the file.
  core::Result<reviewer::CodeExcerpt> Excerpt(const analyzers::FunctionFacts& f);

 private:
  const std::map<std::string, std::string>& overlay_;
  std::vector<analyzers::libclang::CompileCommand> units_;
  core::Status load_error_;
  std::map<std::string, std::vector<analyzers::FunctionFacts>> functions_;
  std::map<std::string, std::string> contents_;
};

}  // namespace nova::app
