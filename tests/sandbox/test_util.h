// The sandbox tests' helpers: the shared test support (temp dirs, files, process markers)
// under the names these tests use. Not thread-safe; tests only.
#pragma once

#include "support/test_support.h"

namespace nova::sandbox::testing {

using nova::testing::CommandResult;
using nova::testing::ProcessesWithMarker;
using nova::testing::ReadFile;
using nova::testing::RunShell;
using nova::testing::TempDir;
using nova::testing::UniqueMarker;
using nova::testing::WaitForNoProcessWithMarker;
using nova::testing::WriteFile;

}  // namespace nova::sandbox::testing
