#include "analyzers/libclang/cursor_kinds.h"

namespace nova::analyzers::libclang {

bool IsFunctionKind(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_FunctionDecl:
    case CXCursor_CXXMethod:
    case CXCursor_Constructor:
    case CXCursor_Destructor:
    case CXCursor_ConversionFunction:
    case CXCursor_FunctionTemplate:
      return true;
    default:
      return false;
  }
}

}  // namespace nova::analyzers::libclang
