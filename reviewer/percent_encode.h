// Percent-encoding of paths for the URIs the renderers write (SARIF artifact locations, links to
// patch logs in the night reports). Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace nova::reviewer {

// Keeps RFC 3986 unreserved characters and '/', percent-encodes every other byte, so the result
// can be neither another scheme ("javascript:") nor break out of a link or attribute.
std::string PercentEncodePath(std::string_view path);

}  // namespace nova::reviewer
