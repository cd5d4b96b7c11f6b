// Cursor kinds grouped as the analyzers need them, in one place below every rule and the
// libclang adapter's own walks (enclosing symbols). Pure functions of a CXCursorKind.
#pragma once

#include <clang-c/Index.h>

namespace nova::analyzers::libclang {

// True for the cursor kinds that declare a function: free functions, methods, constructors,
// destructors, conversion functions and function templates.
bool IsFunctionKind(CXCursorKind kind);

}  // namespace nova::analyzers::libclang
