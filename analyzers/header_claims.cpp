#include "analyzers/header_claims.h"

namespace nova::analyzers {

bool HeaderClaims::Claim(const std::string& header, HeaderLanguage language, int owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = owners_.try_emplace({header, language}, owner);
  return inserted || it->second == owner;
}

bool HeaderClaims::IsClaimed(const std::string& header, HeaderLanguage language) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return owners_.count({header, language}) > 0;
}

}  // namespace nova::analyzers
