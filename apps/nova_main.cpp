// `nova`: the subcommand front end. All behaviour lives in the nova_app library.
#include <exception>
#include <iostream>

#include "apps/cli.h"
#include "apps/exit_codes.h"

int main(int argc, char** argv) {
  try {
    return nova::app::NovaMain(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "nova: internal error: " << e.what() << "\n";
    return nova::app::kExitInternal;
  }
}
