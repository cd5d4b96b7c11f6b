// Cassette: a directory of recorded model exchanges, one file per request, named by the digest of
// the request's canonical body (`<digest>.json` holding the request body and the response). A
// recording run writes every successful exchange; an offline run replays them and fails loudly
// on a request it has none for. Nothing secret is stored: the API key travels only in the
// Authorization header, which is never part of a recording. Not thread-safe.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "nova-core/result.h"

namespace nova::core::model {

enum class CassetteMode { kRecord, kReplay };

struct Recording {
  long status = 200;
  std::string body;  // the response body as the server sent it
};

class Cassette {
 public:
  Cassette(std::filesystem::path dir, CassetteMode mode) : dir_(std::move(dir)), mode_(mode) {}

  CassetteMode mode() const { return mode_; }
  const std::filesystem::path& dir() const { return dir_; }

  // The key of a canonical request body: its digest (16 hex digits).
  static std::string Key(const std::string& canonical_body);

  // The recording for `canonical_body`; NotFound naming the key and the directory when there is
  // none (an offline run must fail then, never go to the network).
  Result<Recording> Find(const std::string& canonical_body) const;
  // Writes (or overwrites) the recording of `canonical_body`, creating the directory.
  Status Record(const std::string& canonical_body, const Recording& recording) const;

 private:
  std::filesystem::path dir_;
  CassetteMode mode_;
};

}  // namespace nova::core::model
