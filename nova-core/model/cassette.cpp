#include "nova-core/model/cassette.h"

#include <fstream>

#include "nova-core/digest.h"
#include "nova-core/file_io.h"

namespace nova::core::model {

std::string Cassette::Key(const std::string& canonical_body) { return DigestBytes(canonical_body); }

Result<Recording> Cassette::Find(const std::string& canonical_body) const {
  const std::string key = Key(canonical_body);
  const std::filesystem::path file = dir_ / (key + ".json");
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return NotFoundError("model cassette " + dir_.string() + " has no recording of request " + key +
                         "; record it by running once without --offline");
  }
  NOVA_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(file));
  const nlohmann::json entry = nlohmann::json::parse(text, nullptr, false);
  if (!entry.is_object() || !entry.contains("response") || !entry["response"].is_object() ||
      !entry["response"].contains("body") || !entry["response"]["body"].is_string() ||
      !entry["response"].contains("status") || !entry["response"]["status"].is_number_integer()) {
    return InvalidArgumentError(file.string() + ": not a model cassette recording");
  }
  // A recording is valid only for the very request it was made for.
  if (!entry.contains("request") || entry["request"].dump() != canonical_body) {
    return InvalidArgumentError(file.string() + ": recorded for another request body");
  }
  return Recording{entry["response"]["status"].get<long>(),
                   entry["response"]["body"].get<std::string>()};
}

Status Cassette::Record(const std::string& canonical_body, const Recording& recording) const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return UnavailableError("cannot create " + dir_.string() + ": " + ec.message());
  const nlohmann::json entry = {
      {"request", nlohmann::json::parse(canonical_body)},
      {"response", {{"status", recording.status}, {"body", recording.body}}}};
  const std::filesystem::path file = dir_ / (Key(canonical_body) + ".json");
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << entry.dump(2) << "\n";
  out.close();
  if (!out) return UnavailableError("cannot write " + file.string());
  return Status::Ok();
}

}  // namespace nova::core::model
