// InitListTargets: which type each element of a braced initializer list initializes. libclang
// shows a list as written, without the conversions clang adds (`{ "name", NULL }` shows a bare
// `__null`), so a rule looking for conversions works the destination out from the aggregate's
// type. Pure function of a unit's cursors; call it from the thread that owns the unit.
#pragma once

#include <clang-c/Index.h>

#include <vector>

namespace nova::analyzers {

struct InitTarget {
  CXCursor element;  // an expression written in the list (not a nested list)
  CXType type;       // the scalar subobject it initializes
};

// The scalar elements of `list` (an InitListExpr cursor) with the type each initializes: arrays
// and aggregate classes (public bases first, then fields; a union's first field), with brace
// elision (`Entry table[] = {"a", NULL, "b", NULL}`) and C++20 designators (`.fn = NULL`).
// A class with constructors takes one element, never elided into. Nested lists are left out
// (each is its own InitListExpr). Conservative: when it cannot place every element for certain
// (a dependent or vector type, an element of another class type that may convert, elements
// left over) it places none, so an element is never given a wrong type; a designator it does
// not read (`[2] = x`, a nested aggregate) only leaves that element out.
std::vector<InitTarget> InitListTargets(CXCursor list);

}  // namespace nova::analyzers
