#include "analyzers/rule_support/init_list_targets.h"

#include <optional>

#include "analyzers/libclang/handles.h"
#include "analyzers/rule.h"

namespace nova::analyzers {
namespace {

constexpr int kMaxNesting = 16;  // bound: subobject levels brace elision descends through

bool IsArray(CXType type) {
  return type.kind == CXType_ConstantArray || type.kind == CXType_IncompleteArray;
}

bool IsPublic(CXCursor member) {
  const CX_CXXAccessSpecifier access = clang_getCXXAccessSpecifier(member);
  return access == CX_CXXPublic || access == CX_CXXInvalidAccessSpecifier;  // invalid: C struct
}

// What a class's braced list initializes, as far as its declaration shows.
struct ClassShape {
  enum Kind { kAggregate, kNotAggregate, kUnknown } kind = kUnknown;
  // kAggregate: the types its elements initialize, in order: public bases, then fields
  // (unnamed bit-fields take none; a union's first field only).
  std::vector<CXType> members;
};

// The members of the declaration (or, for an implicit instantiation, of the template it comes
// from, whose children libclang does not show on the instantiation) that decide whether the
// class is an aggregate: a user-declared constructor, a virtual method or base, a non-public
// base or field make it not one. A base of a template is not read (it may depend on the
// arguments): kUnknown.
ClassShape::Kind DeclaredKind(CXCursor declaration, std::vector<CXType>& bases) {
  const CXCursor pattern = clang_getSpecializedCursorTemplate(declaration);
  const bool from_template = !clang_Cursor_isNull(pattern);
  struct Walk {
    ClassShape::Kind kind = ClassShape::kAggregate;
    bool from_template;
    std::vector<CXType>* bases;
  } walk{ClassShape::kAggregate, from_template, &bases};
  clang_visitChildren(
      from_template ? pattern : declaration,
      [](CXCursor child, CXCursor, CXClientData data) {
        auto* walk = static_cast<Walk*>(data);
        switch (clang_getCursorKind(child)) {
          case CXCursor_Constructor:
            walk->kind = ClassShape::kNotAggregate;
            break;
          case CXCursor_CXXMethod:
            if (clang_CXXMethod_isVirtual(child)) walk->kind = ClassShape::kNotAggregate;
            break;
          case CXCursor_CXXBaseSpecifier:
            if (clang_isVirtualBase(child) || !IsPublic(child)) {
              walk->kind = ClassShape::kNotAggregate;
            } else if (walk->from_template) {
              walk->kind = ClassShape::kUnknown;
            } else {
              walk->bases->push_back(clang_getCanonicalType(clang_getCursorType(child)));
            }
            break;
          case CXCursor_FieldDecl:
            if (!IsPublic(child)) walk->kind = ClassShape::kNotAggregate;
            break;
          default:
            break;
        }
        return walk->kind == ClassShape::kAggregate ? CXChildVisit_Continue : CXChildVisit_Break;
      },
      &walk);
  return walk.kind;
}

ClassShape ShapeOf(CXType record) {
  ClassShape shape;
  const CXCursor declaration = clang_getTypeDeclaration(record);
  if (clang_Cursor_isNull(declaration) || !clang_isCursorDefinition(declaration)) return shape;
  shape.kind = DeclaredKind(declaration, shape.members);
  if (shape.kind != ClassShape::kAggregate) return shape;
  struct Fields {
    ClassShape* shape;
    bool first_only;  // a union: its elements initialize the first field
  } fields{&shape, clang_getCursorKind(declaration) == CXCursor_UnionDecl};
  clang_Type_visitFields(
      record,
      [](CXCursor field, CXClientData data) {
        auto* fields = static_cast<Fields*>(data);
        if (!IsPublic(field)) {
          fields->shape->kind = ClassShape::kNotAggregate;
          return CXVisit_Break;
        }
        if (clang_Cursor_isBitField(field) &&
            libclang::TakeString(clang_getCursorSpelling(field)).empty()) {
          return CXVisit_Continue;  // an unnamed bit-field takes no element
        }
        fields->shape->members.push_back(clang_getCanonicalType(clang_getCursorType(field)));
        return fields->first_only ? CXVisit_Break : CXVisit_Continue;
      },
      &fields);
  return shape;
}

bool IsKnownType(CXType type) {
  return type.kind != CXType_Invalid && type.kind != CXType_Unexposed &&
         type.kind != CXType_Dependent;
}

// Hands out the elements of one list to the subobjects they initialize, in order.
class Placer {
 public:
  explicit Placer(std::vector<CXCursor> elements) : elements_(std::move(elements)) {}

  // The elements for an aggregate of `type`, as many as it takes (brace elision), or all of
  // them at the top level.
  void FillAggregate(CXType type, int depth) {
    if (depth > kMaxNesting) return Fail();
    if (IsArray(type)) {
      const CXType element = clang_getCanonicalType(clang_getArrayElementType(type));
      const long long size = clang_getArraySize(type);  // -1: not known
      for (long long k = 0; Open() && (size < 0 || k < size); ++k) FillOne(element, depth + 1);
      return;
    }
    if (type.kind != CXType_Record) return Fail();
    const ClassShape shape = ShapeOf(type);
    if (shape.kind != ClassShape::kAggregate) return Fail();
    for (std::size_t k = 0; Open() && k < shape.members.size(); ++k) {
      FillOne(shape.members[k], depth + 1);
    }
  }

  bool failed() const { return failed_; }
  bool done() const { return next_ == elements_.size(); }
  std::vector<InitTarget>& placed() { return placed_; }

 private:
  bool Open() const { return !failed_ && next_ < elements_.size(); }
  void Fail() { failed_ = true; }

  // The next element initializes a subobject of `type`, or starts its elided braces.
  void FillOne(CXType type, int depth) {
    const CXCursor element = elements_[next_];
    const CXCursorKind kind = clang_getCursorKind(element);
    if (kind == CXCursor_InitListExpr) {
      ++next_;  // its own braces: placed when that list is visited
      return;
    }
    if (!IsKnownType(type)) return Fail();
    if (!IsArray(type) && type.kind != CXType_Record) {
      placed_.push_back({element, type});
      ++next_;
      return;
    }
    if (kind == CXCursor_StringLiteral && IsArray(type)) {
      ++next_;  // a character array initialized by a string
      return;
    }
    if (type.kind == CXType_Record) {
      const ClassShape::Kind shape = ShapeOf(type).kind;
      if (shape == ClassShape::kUnknown) return Fail();
      if (shape == ClassShape::kNotAggregate) {
        ++next_;  // a class with constructors takes one element, converted: never elided
        return;
      }
    }
    const CXType given = clang_getCanonicalType(clang_getCursorType(element));
    if (!IsKnownType(given)) return Fail();
    if (given.kind == CXType_Record) {
      // The element initializes the whole subobject (a copy) when the classes match; a
      // conversion from another class is more than this placement reads.
      if (type.kind != CXType_Record ||
          !clang_equalCursors(clang_getTypeDeclaration(given), clang_getTypeDeclaration(type))) {
        return Fail();
      }
      ++next_;
      return;
    }
    // Anything else (a scalar, or an array such as a string literal, which decays) cannot
    // initialize an aggregate: brace elision, this element starts the subobject.
    FillAggregate(type, depth);
  }

  std::vector<CXCursor> elements_;
  std::size_t next_ = 0;
  bool failed_ = false;
  std::vector<InitTarget> placed_;
};

// `.a.b = value` as a DesignatedInitExpr shows it: MemberRef children, then the value.
std::optional<InitTarget> DesignatedTarget(CXCursor designated) {
  std::vector<CXCursor> parts = ChildrenOf(designated);
  if (parts.size() < 2) return std::nullopt;
  for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
    if (clang_getCursorKind(parts[k]) != CXCursor_MemberRef) return std::nullopt;
  }
  const CXCursor value = parts.back();
  const CXCursor field = clang_getCursorReferenced(parts[parts.size() - 2]);
  const CXType type = clang_getCanonicalType(clang_getCursorType(field));
  if (clang_getCursorKind(value) == CXCursor_InitListExpr || IsArray(type) ||
      type.kind == CXType_Record) {
    return std::nullopt;  // a nested list is its own; an aggregate field is not a scalar target
  }
  return InitTarget{value, type};
}

// A designated element (`.name = x`, `[2] = x`): its first child names a field, or it is
// written starting with `.` or `[`.
bool IsDesignated(CXCursor element) {
  if (clang_getCursorKind(element) != CXCursor_UnexposedExpr) return false;
  std::vector<CXCursor> parts = ChildrenOf(element);
  if (!parts.empty() && clang_getCursorKind(parts.front()) == CXCursor_MemberRef) return true;
  libclang::Tokens tokens(clang_Cursor_getTranslationUnit(element), clang_getCursorExtent(element));
  return tokens.size() > 0 && (tokens.Spelling(0) == "." || tokens.Spelling(0) == "[");
}

}  // namespace

std::vector<InitTarget> InitListTargets(CXCursor list) {
  const CXType type = clang_getCanonicalType(clang_getCursorType(list));
  if (type.kind != CXType_Record && !IsArray(type)) return {};  // scalars show their conversions
  std::vector<CXCursor> elements = ChildrenOf(list);
  std::vector<InitTarget> targets;
  bool designated = false;
  for (const CXCursor& element : elements) designated |= IsDesignated(element);
  if (designated) {
    for (const CXCursor& element : elements) {
      std::optional<InitTarget> target = DesignatedTarget(element);
      if (target) targets.push_back(*target);
    }
    return targets;
  }
  Placer placer(std::move(elements));
  placer.FillAggregate(type, 0);
  // A failure, or elements left over, mean the list was not read for certain: none is placed.
  if (placer.failed() || !placer.done()) return {};
  return std::move(placer.placed());
}

}  // namespace nova::analyzers
