// Which translation units a run analyzes and in what order: the deterministic --shard K/N split
// (a stable hash of each file's path relative to the project root, the same on every machine)
// and largest-first scheduling. Pure functions; safe to call from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/libclang/compile_db.h"

namespace nova::analyzers {

// 64-bit FNV-1a of `text`: fixed by its definition, unlike std::hash.
std::uint64_t StableHash(std::string_view text);

// True when `file` (absolute, canonical) belongs to shard `shard_index` (1-based) of
// `shard_count`: StableHash of its '/'-separated path relative to `root` (canonical), modulo
// shard_count, equals shard_index - 1. Every file is in the only shard when shard_count <= 1.
bool InShard(const std::filesystem::path& file, const std::filesystem::path& root,
             int shard_index, int shard_count);

// Sorts `commands` by main file size, largest first (the size in `overlay` when the file is
// there), then by path, so the longest parses start first and the order is reproducible.
void OrderLargestFirst(std::vector<const libclang::CompileCommand*>& commands,
                       const std::map<std::string, std::string>& overlay);

}  // namespace nova::analyzers
