#include "analyzers/libclang/command_line.h"

#include <array>
#include <cctype>
#include <filesystem>
#include <string_view>

namespace nova::analyzers::libclang {
namespace {

namespace fs = std::filesystem;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// GCC flags clang's driver rejects as unknown arguments (which fails the whole parse).
constexpr std::array<std::string_view, 24> kGccOnlyPrefixes = {
    "-fconcepts-diagnostics-depth", "-fno-canonical-system-headers", "-fcoroutines",
    "-fmodules-ts", "-fmodule-mapper", "-fdeps-", "-fno-tree-", "-ftree-", "-fipa-",
    "-fno-ipa-", "-mno-direct-extern-access", "-fuse-linker-plugin", "-fno-gnu-unique",
    "-fext-numeric-literals", "-fno-var-tracking", "-fvar-tracking", "-fanalyzer",
    "-fno-lifetime-dse", "-fconstexpr-ops-limit", "-fconstexpr-loop-limit",
    "-fno-fat-lto-objects", "-ffat-lto-objects", "-fcompare-debug", "-fstrict-volatile-bitfields",
};

// Flags whose value is a path, resolved against the command's directory.
constexpr std::array<std::string_view, 8> kPathFlags = {
    "-isystem", "-iquote", "-idirafter", "-include", "-imacros", "-isysroot", "--sysroot", "-I",
};

// Flags whose following argument belongs to them and is dropped with them.
constexpr std::array<std::string_view, 4> kDroppedWithValue = {"-o", "-MF", "-MT", "-MQ"};

bool IsDroppedAlone(std::string_view arg) {
  if (arg == "-c" || arg == "-M" || arg == "-MM" || arg == "-MD" || arg == "-MMD" ||
      arg == "-MG" || arg == "-MP" || arg == "-Werror" || arg == "-pedantic-errors" ||
      arg == "-Wfatal-errors" || arg == "-save-temps" || arg == "-pipe") {
    return true;
  }
  if (StartsWith(arg, "-Werror=") || StartsWith(arg, "-save-temps=")) return true;
  if (StartsWith(arg, "-o") || StartsWith(arg, "-MF") || StartsWith(arg, "-MT") ||
      StartsWith(arg, "-MQ")) {
    return true;  // joined forms: -ofoo.o, -MFfoo.d
  }
  for (std::string_view prefix : kGccOnlyPrefixes) {
    if (StartsWith(arg, prefix)) return true;
  }
  return false;
}

std::string Absolute(const fs::path& directory, std::string_view value) {
  fs::path path(value);
  if (path.is_absolute() || value.empty()) return std::string(value);
  return (directory / path).lexically_normal().string();
}

bool IsCompilerLauncher(std::string_view arg) {
  std::string name = fs::path(arg).filename().string();
  return name == "ccache" || name == "sccache" || name == "distcc";
}

// Appends the text of the single-quoted string opening at command[open] (taken literally);
// returns the index of its closing quote.
core::Result<std::size_t> AppendSingleQuoted(std::string_view command, std::size_t open,
                                             std::string& word) {
  const std::size_t close = command.find('\'', open + 1);
  if (close == std::string_view::npos) {
    return core::InvalidArgumentError("unterminated ' in command line");
  }
  word.append(command.substr(open + 1, close - open - 1));
  return close;
}

// Appends the text of the double-quoted string opening at command[open], where a backslash
// escapes only " \ $ and `; returns the index of its closing quote.
core::Result<std::size_t> AppendDoubleQuoted(std::string_view command, std::size_t open,
                                             std::string& word) {
  std::size_t j = open + 1;
  for (; j < command.size() && command[j] != '"'; ++j) {
    const bool escape = command[j] == '\\' && j + 1 < command.size() &&
                        std::string_view("\"\\$`").find(command[j + 1]) != std::string_view::npos;
    if (escape) ++j;
    word += command[j];
  }
  if (j >= command.size()) return core::InvalidArgumentError("unterminated \" in command line");
  return j;
}

}  // namespace

core::Result<std::vector<std::string>> SplitCommandLine(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (i + 1 < command.size()) word += command[++i];
    } else if (c == '\'') {
      NOVA_ASSIGN_OR_RETURN(i, AppendSingleQuoted(command, i, word));
    } else if (c == '"') {
      NOVA_ASSIGN_OR_RETURN(i, AppendDoubleQuoted(command, i, word));
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

namespace {

bool DroppedWithValue(const std::string& arg) {
  for (std::string_view flag : kDroppedWithValue) {
    if (arg == flag) return true;
  }
  return false;
}

// The compile command's own source file, however the command spells its path.
bool IsTheSourceFile(const CompileCommand& command, const std::string& arg) {
  std::error_code error;
  const fs::path resolved = fs::weakly_canonical(command.directory / arg, error);
  return !error && resolved == command.file;
}

// Appends the path flag at argv[i] with its path made absolute; returns how many entries of argv
// it used: 2 for "-I dir", 1 for "-Idir" or "--flag=dir", 0 when argv[i] is no path flag.
std::size_t AppendPathFlag(const std::vector<std::string>& argv, std::size_t i,
                           const fs::path& directory, std::vector<std::string>& args) {
  const std::string& arg = argv[i];
  for (std::string_view flag : kPathFlags) {
    if (arg == flag && i + 1 < argv.size()) {
      args.push_back(arg);
      args.push_back(Absolute(directory, argv[i + 1]));
      return 2;
    }
    if (StartsWith(arg, flag) && arg.size() > flag.size() && flag.size() == 2) {
      // Only -I has a joined form worth rewriting ("-Iinclude"); "-include" starts with "-I"
      // too but is matched above as an exact flag first.
      args.push_back(std::string(flag) +
                     Absolute(directory, std::string_view(arg).substr(flag.size())));
      return 1;
    }
    if (StartsWith(arg, std::string(flag) + "=")) {
      args.push_back(std::string(flag) + "=" +
                     Absolute(directory, std::string_view(arg).substr(flag.size() + 1)));
      return 1;
    }
  }
  return 0;
}

}  // namespace

std::vector<std::string> ClangArguments(const CompileCommand& command,
                                        std::string_view resource_dir) {
  std::vector<std::string> args;
  const std::vector<std::string>& argv = command.argv;
  std::size_t first = 0;
  while (first + 1 < argv.size() && IsCompilerLauncher(argv[first])) ++first;
  if (first < argv.size()) args.push_back(argv[first]);
  for (std::size_t i = first + 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (DroppedWithValue(arg)) {
      ++i;
      continue;
    }
    if (IsDroppedAlone(arg)) continue;
    if (!StartsWith(arg, "-")) {
      if (!IsTheSourceFile(command, arg)) args.push_back(arg);
      continue;
    }
    const std::size_t used = AppendPathFlag(argv, i, command.directory, args);
    if (used == 0) args.push_back(arg);
    if (used == 2) ++i;
  }
  args.push_back("-working-directory=" + command.directory.string());
  args.push_back("-resource-dir");
  args.push_back(std::string(resource_dir));
  args.push_back("-Wno-unknown-warning-option");
  return args;
}

bool CompilesAsC(const CompileCommand& command) {
  const std::vector<std::string>& argv = command.argv;
  std::size_t first = 0;
  while (first + 1 < argv.size() && IsCompilerLauncher(argv[first])) ++first;
  std::string driver = first < argv.size() ? fs::path(argv[first]).filename().string() : "";
  bool cxx_driver = driver.find("++") != std::string::npos;
  std::string language;  // the last -x value before the file, if any
  for (std::size_t i = first + 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--driver-mode=g++") cxx_driver = true;
    if (arg == "-x" && i + 1 < argv.size()) {
      language = argv[++i];
    } else if (StartsWith(arg, "-x") && arg.size() > 2) {
      language = arg.substr(2);
    } else if (!StartsWith(arg, "-")) {
      std::error_code error;
      fs::path resolved = fs::weakly_canonical(command.directory / arg, error);
      if (!error && resolved == command.file) break;
    }
  }
  if (!language.empty() && language != "none") {
    return language == "c" || language == "c-header" || language == "cpp-output" ||
           (StartsWith(language, "objective-c") && language.find("++") == std::string::npos);
  }
  if (cxx_driver) return false;
  std::string extension = command.file.extension().string();
  return extension == ".c" || extension == ".i" || extension == ".m";
}

}  // namespace nova::analyzers::libclang
