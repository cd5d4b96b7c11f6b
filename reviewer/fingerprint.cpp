#include "reviewer/fingerprint.h"

#include <xxhash.h>

#include <cctype>
#include <cstdio>

namespace nova::reviewer {

std::string NormalizeSnippet(std::string_view snippet) {
  std::string out;
  bool pending_space = false;
  for (char c : snippet) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string Fingerprint(std::string_view rule, std::string_view relative_file,
                        std::string_view symbol, std::string_view normalized_snippet,
                        int ordinal) {
  std::string key;
  key.append(rule).push_back('\0');
  key.append(relative_file).push_back('\0');
  key.append(symbol).push_back('\0');
  key.append(normalized_snippet).push_back('\0');
  key.append(std::to_string(ordinal));
  const XXH128_hash_t hash = XXH3_128bits(key.data(), key.size());
  char hex[33];
  std::snprintf(hex, sizeof(hex), "%016llx%016llx", static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  return hex;
}

}  // namespace nova::reviewer
