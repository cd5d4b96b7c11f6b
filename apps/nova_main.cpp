// `nova`: the subcommand front end. All behaviour lives in the nova_app library.
#include <exception>
#include <iostream>

#include "apps/cli.h"
#include "apps/exit_codes.h"
#include "nova-core/http/http_client.h"

int main(int argc, char** argv) {
  // libcurl's process-wide setup, once, before any thread (the pr-review command posts).
  if (auto status = nova::core::http::GlobalInit(); !status.ok()) {
    std::cerr << "nova: error: " << status.message() << "\n";
    return nova::app::kExitInternal;
  }
  try {
    return nova::app::NovaMain(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "nova: internal error: " << e.what() << "\n";
    return nova::app::kExitInternal;
  }
}
