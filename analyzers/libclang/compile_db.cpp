#include "analyzers/libclang/compile_db.h"

#include <algorithm>
#include <map>
#include <system_error>

#include <nlohmann/json.hpp>

#include "analyzers/libclang/command_line.h"
#include "nova-core/file_io.h"
#include "nova-core/paths.h"

namespace nova::analyzers::libclang {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

core::Result<json> ParseJson(std::string_view text, std::string_view origin) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& error) {
    std::size_t end = std::min<std::size_t>(error.byte, text.size());
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + end, '\n'));
    return core::InvalidArgumentError(std::string(origin) + ":" + std::to_string(line) +
                                      ": invalid JSON: " + error.what());
  } catch (const json::exception& error) {
    return core::InvalidArgumentError(std::string(origin) + ": invalid JSON: " + error.what());
  }
}

core::Result<CompileCommand> ParseEntry(const json& entry, const std::string& where,
                                        const fs::path& base_dir) {
  if (!entry.is_object()) return core::InvalidArgumentError(where + ": expected an object");
  auto file = entry.find("file");
  if (file == entry.end() || !file->is_string()) {
    return core::InvalidArgumentError(where + ".file: expected a string");
  }
  auto directory = entry.find("directory");
  if (directory == entry.end() || !directory->is_string()) {
    return core::InvalidArgumentError(where + ".directory: expected a string");
  }
  CompileCommand command;
  command.directory = core::CanonicalOrNormal(base_dir / directory->get<std::string>());
  command.file = core::CanonicalOrNormal(command.directory / file->get<std::string>());

  auto arguments = entry.find("arguments");
  auto command_line = entry.find("command");
  if (arguments != entry.end()) {
    if (!arguments->is_array()) {
      return core::InvalidArgumentError(where + ".arguments: expected an array of strings");
    }
    for (const json& argument : *arguments) {
      if (!argument.is_string()) {
        return core::InvalidArgumentError(where + ".arguments: expected an array of strings");
      }
      command.argv.push_back(argument.get<std::string>());
    }
  } else if (command_line != entry.end()) {
    if (!command_line->is_string()) {
      return core::InvalidArgumentError(where + ".command: expected a string");
    }
    auto split = SplitCommandLine(command_line->get<std::string>());
    if (!split.ok()) return split.status().WithContext(where + ".command");
    command.argv = std::move(split).value();
  } else {
    return core::InvalidArgumentError(where + ": needs \"arguments\" or \"command\"");
  }
  if (command.argv.empty()) return core::InvalidArgumentError(where + ": empty command line");
  return command;
}

}  // namespace

core::Result<std::vector<CompileCommand>> ParseCompileDatabase(
    std::string_view text, std::string_view origin, const fs::path& base_dir,
    std::vector<DuplicateFile>* duplicates) {
  NOVA_ASSIGN_OR_RETURN(json database, ParseJson(text, origin));
  if (!database.is_array()) {
    return core::InvalidArgumentError(std::string(origin) + ": expected a JSON array");
  }
  std::vector<CompileCommand> commands;
  std::map<fs::path, int> entries;  // file -> entries naming it
  std::vector<fs::path> repeated;   // files named again, in the order of their second entry
  for (std::size_t i = 0; i < database.size(); ++i) {
    std::string where = std::string(origin) + ": entry " + std::to_string(i);
    NOVA_ASSIGN_OR_RETURN(CompileCommand command, ParseEntry(database[i], where, base_dir));
    int count = ++entries[command.file];
    if (count == 1) {
      commands.push_back(std::move(command));
    } else if (count == 2) {
      repeated.push_back(command.file);
    }
  }
  if (duplicates != nullptr) {
    for (const fs::path& file : repeated) duplicates->push_back({file, entries[file]});
  }
  return commands;
}

core::Result<std::vector<CompileCommand>> LoadCompileDatabase(
    const fs::path& path, std::vector<DuplicateFile>* duplicates) {
  auto text = core::ReadWholeFile(path);
  if (!text.ok()) return core::InvalidArgumentError("compile database: " + text.status().message());
  fs::path absolute = fs::absolute(path);
  return ParseCompileDatabase(*text, path.string(), absolute.parent_path(), duplicates);
}

}  // namespace nova::analyzers::libclang
