// NOVA_CHECK: aborts on a broken internal contract (a bug in Nova, not bad input).
// Bad input is reported with a Status; this is only for "cannot happen" conditions.
#pragma once

#include <cstdio>
#include <cstdlib>

#define NOVA_CHECK(cond)                                                                \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "nova: internal check failed at %s:%d: %s\n", __FILE__,     \
                   __LINE__, #cond);                                                    \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)
