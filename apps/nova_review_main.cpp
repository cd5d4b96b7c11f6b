// `nova-review`: the review command on its own. All behaviour lives in the nova_app library.
#include <exception>
#include <iostream>

#include "apps/cli.h"
#include "apps/exit_codes.h"

int main(int argc, char** argv) {
  try {
    return nova::app::NovaReviewMain(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "nova-review: internal error: " << e.what() << "\n";
    return nova::app::kExitInternal;
  }
}
