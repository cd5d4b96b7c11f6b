// HttpClient: Nova's one adapter over libcurl. A blocking request/response exchange per call; the
// transport owns its curl easy handle (RAII) and is not thread-safe: one per thread. The
// request's `authorization` value is a secret: it is sent in the Authorization header and never
// appears in a Status, a log line or a trace.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nova-core/result.h"

namespace nova::core::http {

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers = {};  // "Name: value", never the Authorization header
  std::string body = {};
  std::string authorization = {};  // e.g. "Bearer <token>"; empty: no Authorization header
};

struct Response {
  long status = 0;
  // Lowercase names; a repeated header keeps its last value.
  std::map<std::string, std::string> headers = {};
  std::string body = {};

  // The value of header `name` (any case), "" when absent.
  std::string Header(std::string_view name) const;
};

// Bounds of one exchange.
struct HttpOptions {
  long connect_timeout_ms = 10'000;            // Default: 10 s
  long total_timeout_ms = 60'000;              // Default: 60 s for the whole exchange
  std::size_t max_response_bytes = 32u << 20;  // Default: 32 MiB; a larger body is an error
};

// What sends requests: the libcurl transport in production; tests use it against loopback peers.
class Transport {
 public:
  virtual ~Transport() = default;
  // A response of any HTTP status is ok; only a failed exchange (no connection, timeout, body
  // too large) is an error, Unavailable or DeadlineExceeded, naming the method and the URL.
  virtual Result<Response> Send(const Request& request) = 0;
};

// Initializes libcurl once for the process; call from main() before any thread starts.
Status GlobalInit();

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(HttpOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<Response> Send(const Request& request) override;

 private:
  struct Handle;
  HttpOptions options_;
  std::unique_ptr<Handle> handle_;
};

// "https://host/path?query" without its query, for messages: tokens never travel in URLs, but
// a query may still carry what a log should not.
std::string UrlForMessage(std::string_view url);

}  // namespace nova::core::http
