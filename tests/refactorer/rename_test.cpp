#include "refactorer/rename.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analyzers/analyzer.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/libclang/parse.h"
#include "refactorer/apply_edits.h"
#include "support/test_support.h"

namespace nova::refactorer {
namespace {

namespace fs = std::filesystem;
using analyzers::libclang::CompileCommand;
using nova::testing::ReadFile;
using nova::testing::WriteFile;

// Three units and a header: a virtual method with an override, out-of-line definitions, uses
// through objects, a pointer to member, and uses written inside macro arguments.
const std::map<std::string, std::string> kProject = {
    {"shape.h",
     "#pragma once\n"
     "#define CALL(x) (x)\n"
     "struct Shape {\n"
     "  virtual ~Shape() = default;\n"
     "  virtual int area_calc() const;\n"
     "  int other() const;\n"
     "};\n"
     "struct Square : Shape {\n"
     "  int area_calc() const override;\n"
     "};\n"
     "int area_calc_total(const Shape& s);\n"},
    {"shape.cpp",
     "#include \"shape.h\"\n"
     "int Shape::area_calc() const { return 0; }\n"
     "int Square::area_calc() const { return 4; }\n"
     "int Shape::other() const { return CALL(area_calc()); }\n"},
    {"a.cpp",
     "#include \"shape.h\"\n"
     "int area_calc_total(const Shape& s) { return s.area_calc(); }\n"},
    {"b.cpp",
     "#include \"shape.h\"\n"
     "int twice(const Square& q) { return CALL(q.area_calc()) * 2; }\n"},
    {"c.cpp",
     "#include \"shape.h\"\n"
     "int viaPointer() {\n"
     "  int (Shape::*f)() const = &Shape::area_calc;\n"
     "  Square q;\n"
     "  return (q.*f)();\n"
     "}\n"},
};

// The compile command of one C++20 unit, as the tests' databases hold it.
CompileCommand UnitFor(const fs::path& file) {
  return CompileCommand{file, file.parent_path(), {"clang++", "-std=c++20", "-c", file.string()}};
}

// Applies `edits` to the files on disk.
void ApplyToDisk(const std::vector<core::Edit>& edits) {
  std::map<std::string, std::vector<core::Edit>> by_file;
  for (const core::Edit& edit : edits) by_file[edit.file].push_back(edit);
  for (const auto& [file, file_edits] : by_file) {
    auto applied = ApplyEdits(ReadFile(file), file_edits);
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
    WriteFile(file, *applied);
  }
}

// A rename asked for by where the name is: file:line:column, from old_name to new_name.
struct NamedAt {
  int line = 0;
  int column = 0;
  std::string old_name;
  std::string new_name;
};

// The plans of `names` (all in `file`), planned together by PlanRenames over `units`; a failed
// lookup or plan is a test failure (its plan is left empty).
std::vector<RenamePlan> PlanAllAt(const std::vector<CompileCommand>& units, const fs::path& root,
                                  const fs::path& file, const std::vector<NamedAt>& names) {
  std::vector<RenameRequest> requests;
  for (const NamedAt& name : names) {
    auto usr = UsrAt(units, {}, file, name.line, name.column);
    EXPECT_TRUE(usr.ok()) << usr.status().ToString();
    requests.push_back({usr.ok() ? *usr : "", name.old_name, name.new_name});
  }
  auto plans = PlanRenames(units, {}, root, requests);
  EXPECT_TRUE(plans.ok()) << plans.status().ToString();
  std::vector<RenamePlan> out(names.size());
  for (std::size_t k = 0; plans.ok() && k < plans->size(); ++k) {
    EXPECT_TRUE((*plans)[k].ok()) << (*plans)[k].status().ToString();
    if ((*plans)[k].ok()) out[k] = *(*plans)[k];
  }
  return out;
}

RenamePlan PlanAt(const std::vector<CompileCommand>& units, const fs::path& root,
                  const fs::path& file, const NamedAt& name) {
  return PlanAllAt(units, root, file, {name}).front();
}

class RenameTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [name, content] : kProject) WriteFile(dir_.path() / name, content);
    for (const char* name : {"a.cpp", "b.cpp", "c.cpp", "shape.cpp"}) {
      units_.push_back(
          CompileCommand{dir_.path() / name,
                         dir_.path(),
                         {"clang++", "-std=c++20", "-c", (dir_.path() / name).string()}});
    }
  }

  std::string AreaUsr() {
    // Line 5, column 15 of shape.h: the name in "  virtual int area_calc() const;".
    auto usr = UsrAt(units_, {}, dir_.path() / "shape.h", 5, 15);
    EXPECT_TRUE(usr.ok()) << usr.status().ToString();
    return usr.ok() ? *usr : "";
  }

  void Apply(const std::vector<core::Edit>& edits) { ApplyToDisk(edits); }

  int ErrorsIn(const CompileCommand& unit) {
    auto index = analyzers::libclang::CreateIndex();
    auto parsed = analyzers::libclang::ParseTranslationUnit(index.get(), unit, {});
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (parsed.ok() && parsed->error_count > 0) ADD_FAILURE() << parsed->first_error;
    return parsed.ok() ? parsed->error_count : -1;
  }

  nova::testing::TempDir dir_;
  std::vector<CompileCommand> units_;
};

TEST_F(RenameTest, RenamesTheDeclarationEveryReferenceOverrideAndMacroArgumentUse) {
  const std::string usr = AreaUsr();
  EXPECT_EQ(usr, "c:@S@Shape@F@area_calc#1");
  auto plan = PlanRename(units_, {}, dir_.path(), {usr, "area_calc", "AreaCalc"});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->refused.empty()) << plan->refused;
  EXPECT_EQ(plan->usrs,
            (std::vector<std::string>{"c:@S@Shape@F@area_calc#1", "c:@S@Square@F@area_calc#1"}));
  // shape.h: 2 declarations; shape.cpp: 2 definitions and a use in a macro argument; a.cpp: 1;
  // b.cpp: 1 in a macro argument; c.cpp: the pointer to member.
  EXPECT_EQ(plan->edits.size(), 8u);
  for (const core::Edit& edit : plan->edits) {
    EXPECT_EQ(edit.length, 9u);
    EXPECT_EQ(edit.replacement, "AreaCalc");
  }
  Apply(plan->edits);

  EXPECT_EQ(ReadFile(dir_.path() / "shape.h"),
            "#pragma once\n#define CALL(x) (x)\nstruct Shape {\n  virtual ~Shape() = default;\n"
            "  virtual int AreaCalc() const;\n  int other() const;\n};\n"
            "struct Square : Shape {\n  int AreaCalc() const override;\n};\n"
            "int area_calc_total(const Shape& s);\n");
  EXPECT_EQ(ReadFile(dir_.path() / "shape.cpp"),
            "#include \"shape.h\"\nint Shape::AreaCalc() const { return 0; }\n"
            "int Square::AreaCalc() const { return 4; }\n"
            "int Shape::other() const { return CALL(AreaCalc()); }\n");
  EXPECT_EQ(
      ReadFile(dir_.path() / "b.cpp"),
      "#include \"shape.h\"\nint twice(const Square& q) { return CALL(q.AreaCalc()) * 2; }\n");
  EXPECT_NE(ReadFile(dir_.path() / "c.cpp").find("&Shape::AreaCalc;"), std::string::npos);
  EXPECT_NE(ReadFile(dir_.path() / "a.cpp").find("s.AreaCalc()"), std::string::npos);
  // Another name that only starts the same is untouched, and everything still compiles.
  EXPECT_NE(ReadFile(dir_.path() / "a.cpp").find("int area_calc_total("), std::string::npos);
  for (const CompileCommand& unit : units_) EXPECT_EQ(ErrorsIn(unit), 0) << unit.file;
}

// The rule's findings carry what the rename needs: naming-consistency, configured for CamelCase
// methods and functions, flags area_calc, other and area_calc_total (and the stray viaPointer,
// twice); one PlanRenames pass over the units plans every rename, and the result compiles.
TEST_F(RenameTest, NamingConsistencyFindingsBecomeRenamesPlannedInOnePass) {
  nlohmann::json db = nlohmann::json::array();
  for (const CompileCommand& unit : units_) {
    db.push_back({{"directory", unit.directory.string()},
                  {"file", unit.file.string()},
                  {"arguments", unit.argv}});
  }
  WriteFile(dir_.path() / "compile_commands.json", db.dump());
  analyzers::AnalyzeOptions options;
  options.project_root = dir_.path();
  options.compile_commands = dir_.path() / "compile_commands.json";
  options.rules = {"naming-consistency"};
  options.rule_options["naming-consistency"] = {{"methods", "CamelCase"},
                                                {"functions", "CamelCase"}};
  auto analysis = analyzers::Analyze(options);
  ASSERT_TRUE(analysis.ok()) << analysis.status().ToString();
  std::vector<RenameRequest> requests;
  for (const core::Finding& finding : analysis->findings) {
    const auto rename = nlohmann::json::parse(finding.details).at("rename");
    requests.push_back({rename.at("usr"), rename.at("old_name"), rename.at("new_name")});
  }
  std::vector<std::string> names;
  for (const RenameRequest& r : requests) names.push_back(r.old_name + "->" + r.new_name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"area_calc->AreaCalc",
                                             "area_calc_total->AreaCalcTotal", "other->Other",
                                             "twice->Twice", "viaPointer->ViaPointer"}));
  auto plans = PlanRenames(units_, {}, dir_.path(), requests);
  ASSERT_TRUE(plans.ok()) << plans.status().ToString();
  // Parsing on several workers plans exactly the same edits.
  for (int jobs : {2, 4}) {
    auto parallel = PlanRenames(units_, {}, dir_.path(), requests, jobs);
    ASSERT_TRUE(parallel.ok()) << parallel.status().ToString();
    ASSERT_EQ(parallel->size(), plans->size());
    for (std::size_t k = 0; k < plans->size(); ++k) {
      ASSERT_TRUE((*parallel)[k].ok());
      EXPECT_EQ((*parallel)[k]->edits, (*plans)[k]->edits) << jobs << " workers, " << names[k];
      EXPECT_EQ((*parallel)[k]->usrs, (*plans)[k]->usrs);
    }
  }
  std::vector<core::Edit> edits;
  for (const auto& plan : *plans) {
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_TRUE(plan->refused.empty()) << plan->refused;
    edits.insert(edits.end(), plan->edits.begin(), plan->edits.end());
  }
  Apply(edits);
  EXPECT_NE(ReadFile(dir_.path() / "shape.cpp").find("int Shape::Other() const { return CALL(AreaCalc()); }"),
            std::string::npos)
      << ReadFile(dir_.path() / "shape.cpp");
  EXPECT_NE(ReadFile(dir_.path() / "a.cpp").find("int AreaCalcTotal(const Shape& s) { return s.AreaCalc(); }"),
            std::string::npos);
  for (const CompileCommand& unit : units_) EXPECT_EQ(ErrorsIn(unit), 0) << unit.file;
}

TEST_F(RenameTest, RenamingTheOverrideRenamesTheWholeHierarchy) {
  auto usr = UsrAt(units_, {}, dir_.path() / "shape.h", 9, 7);  // Square::area_calc
  ASSERT_TRUE(usr.ok()) << usr.status().ToString();
  EXPECT_EQ(*usr, "c:@S@Square@F@area_calc#1");
  auto plan = PlanRename(units_, {}, dir_.path(), {*usr, "area_calc", "AreaCalc"});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->edits.size(), 8u);
}

TEST_F(RenameTest, ANameThatCollidesInTheSameScopeIsRefused) {
  auto plan = PlanRename(units_, {}, dir_.path(), {AreaUsr(), "area_calc", "other"});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->edits.empty());
  EXPECT_EQ(plan->refused,
            "'other' already names a declaration (c:@S@Shape@F@other#1) in the scope of area_calc "
            "(c:@S@Shape)");
  // A global function may not take the name of another global one either.
  auto total = UsrAt(units_, {}, dir_.path() / "a.cpp", 2, 5);
  ASSERT_TRUE(total.ok()) << total.status().ToString();
  auto global = PlanRename(units_, {}, dir_.path(), {*total, "area_calc_total", "twice"});
  ASSERT_TRUE(global.ok()) << global.status().ToString();
  EXPECT_NE(global->refused.find("'twice' already names"), std::string::npos) << global->refused;
  // A name used in another scope only is fine.
  auto elsewhere = PlanRename(units_, {}, dir_.path(), {*total, "area_calc_total", "AreaCalc"});
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->refused.empty()) << elsewhere->refused;
  EXPECT_EQ(elsewhere->edits.size(), 2u);  // its declaration in shape.h and definition in a.cpp
}

// Both shapes broke google/leveldb's build before the reparse proof caught them: a method renamed
// to the name of a type in an enclosing namespace (Iterator::status -> Status hides leveldb::Status
// inside the class) and to a template parameter of an enclosing class template
// (SkipList<Key>::Iterator::key -> Key).
TEST(RenameScopeTest, ANameThatWouldHideAnEnclosingDeclarationIsRefused) {
  nova::testing::TempDir dir;
  WriteFile(dir.path() / "db.h",
            "#pragma once\n"
            "namespace db {\n"
            "class Status {};\n"
            "class Iterator {\n"
            " public:\n"
            "  Status status() const { return Status(); }\n"
            "  Status Check() const { return status(); }\n"
            "};\n"
            "template <typename Key>\n"
            "class List {\n"
            " public:\n"
            "  class Cursor {\n"
            "   public:\n"
            "    const Key& key() const { return *key_; }\n"
            "    const Key* key_ = nullptr;\n"
            "  };\n"
            "};\n"
            "int helper_count();\n"
            "}  // namespace db\n");
  WriteFile(dir.path() / "db.cpp",
            "#include \"db.h\"\n"
            "int db::helper_count() { return 1; }\n"
            "int Use() { db::List<int>::Cursor c; return c.key() + db::helper_count(); }\n");
  const std::vector<CompileCommand> units = {UnitFor(dir.path() / "db.cpp")};
  const fs::path header = dir.path() / "db.h";
  RenamePlan hides_type = PlanAt(units, dir.path(), header, {6, 10, "status", "Status"});
  EXPECT_TRUE(hides_type.edits.empty());
  EXPECT_EQ(hides_type.refused,
            "'Status' would hide the declaration c:@N@db@S@Status of an enclosing scope "
            "(c:@N@db) inside the scope of status (c:@N@db@S@Iterator)");
  RenamePlan hides_parameter = PlanAt(units, dir.path(), header, {14, 16, "key", "Key"});
  EXPECT_TRUE(hides_parameter.edits.empty());
  EXPECT_NE(hides_parameter.refused.find("'Key' would hide the declaration"), std::string::npos)
      << hides_parameter.refused;
  // A namespace function renamed to a name a nested class declares: inside that class, the new
  // name would find the member instead.
  RenamePlan hidden = PlanAt(units, dir.path(), header, {18, 5, "helper_count", "Check"});
  EXPECT_EQ(hidden.refused,
            "'Check' is declared (c:@N@db@S@Iterator@F@Check#1) in a scope nested in that of "
            "helper_count (c:@N@db), where it would hide the renamed name");
  // A name free on every scope of the chain is still renamed.
  RenamePlan free_name = PlanAt(units, dir.path(), header, {18, 5, "helper_count", "HelperCount"});
  EXPECT_TRUE(free_name.refused.empty()) << free_name.refused;
  EXPECT_EQ(free_name.edits.size(), 3u);  // the declaration, the definition and the call
}

// A class's constructors and destructor carry its name: renaming the class renames them too,
// in the class, out of line (`pool_entry::~pool_entry`) and through a class template.
TEST(RenameClassTest, ConstructorsAndDestructorsAreRenamedWithTheClass) {
  nova::testing::TempDir dir;
  WriteFile(dir.path() / "pool.h",
            "#pragma once\n"
            "class pool_entry {\n"
            " public:\n"
            "  pool_entry();\n"
            "  explicit pool_entry(int size);\n"
            "  ~ pool_entry();\n"
            "  int size_ = 0;\n"
            "};\n"
            "template <typename T>\n"
            "class typed_pool {\n"
            " public:\n"
            "  typed_pool() = default;\n"
            "  ~typed_pool() {}\n"
            "  T item{};\n"
            "};\n");
  WriteFile(dir.path() / "pool.cpp",
            "#include \"pool.h\"\n"
            "pool_entry::pool_entry() : pool_entry(1) {}\n"
            "pool_entry::pool_entry(int size) : size_(size) {}\n"
            "pool_entry::~pool_entry() {}\n"
            "int Use() {\n"
            "  pool_entry a;\n"
            "  pool_entry b = pool_entry(2);\n"
            "  pool_entry* c = new pool_entry(3);\n"
            "  c->~pool_entry();\n"
            "  typed_pool<pool_entry> d;\n"
            "  return a.size_ + b.size_ + d.item.size_;\n"
            "}\n");
  std::vector<core::Edit> edits;
  for (const RenamePlan& plan :
       PlanAllAt({UnitFor(dir.path() / "pool.cpp")}, dir.path(), dir.path() / "pool.h",
                 {{2, 7, "pool_entry", "PoolEntry"}, {10, 7, "typed_pool", "TypedPool"}})) {
    EXPECT_TRUE(plan.refused.empty()) << plan.refused;
    edits.insert(edits.end(), plan.edits.begin(), plan.edits.end());
  }
  ApplyToDisk(edits);
  const CompileCommand unit = UnitFor(dir.path() / "pool.cpp");
  const std::string header = ReadFile(dir.path() / "pool.h");
  const std::string source = ReadFile(dir.path() / "pool.cpp");
  EXPECT_EQ(header.find("pool_entry"), std::string::npos) << header;
  EXPECT_EQ(header.find("typed_pool"), std::string::npos) << header;
  EXPECT_EQ(source.find("pool_entry"), std::string::npos) << source;
  EXPECT_NE(header.find("  ~ PoolEntry();\n"), std::string::npos) << header;
  EXPECT_NE(header.find("  ~TypedPool() {}\n"), std::string::npos) << header;
  EXPECT_NE(source.find("PoolEntry::~PoolEntry() {}\n"), std::string::npos) << source;
  EXPECT_NE(source.find("c->~PoolEntry();\n"), std::string::npos) << source;
  // And it compiles.
  auto index = analyzers::libclang::CreateIndex();
  auto parsed = analyzers::libclang::ParseTranslationUnit(index.get(), unit, {});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->error_count, 0) << parsed->first_error << "\n" << source;
}

// Inside a template, `x->Name(...)` on a dependent type names nothing libclang can resolve, so a
// rename cannot know whether it is a use. google/leveldb's SkipList<Key>::Node::NoBarrier_SetNext
// was renamed everywhere but there, and the whole patch set failed the reparse proof; now the one
// rename is refused with the place, and the rest of its set goes on.
TEST(RenameTemplateTest, AnUnresolvedUseInATemplateRefusesTheRenameNamingThePlace) {
  nova::testing::TempDir dir;
  WriteFile(dir.path() / "list.h",
            "#pragma once\n"
            "template <typename Key>\n"
            "class List {\n"
            "  struct Node {\n"
            "    void set_next(Node* n) { next = n; }\n"
            "    Node* next = nullptr;\n"
            "  };\n"
            " public:\n"
            "  void Insert(Node* x) { x->set_next(nullptr); }\n"
            "  int count_all() const { return 0; }\n"
            "};\n");
  WriteFile(dir.path() / "list.cpp",
            "#include \"list.h\"\nint Use() { List<int> l; return l.count_all(); }\n");
  const std::vector<RenamePlan> plans =
      PlanAllAt({UnitFor(dir.path() / "list.cpp")}, dir.path(), dir.path() / "list.h",
                {{5, 10, "set_next", "SetNext"}, {10, 7, "count_all", "CountAll"}});
  EXPECT_TRUE(plans[0].edits.empty());
  EXPECT_EQ(plans[0].refused,
            "'set_next' is also written at " + (dir.path() / "list.h").string() +
                ":9 where libclang cannot tell what it names (a member of a dependent type in a "
                "template), so not every use could be renamed");
  EXPECT_TRUE(plans[1].refused.empty()) << plans[1].refused;
  EXPECT_EQ(plans[1].edits.size(), 2u);
}

TEST_F(RenameTest, TheOverlayIsWhatIsRenamed) {
  // On disk a.cpp has a local edit; the overlay (the base) is what offsets refer to.
  const std::string a = (dir_.path() / "a.cpp").string();
  const std::string base = kProject.at("a.cpp");
  WriteFile(a, "// local edit\n" + base);
  auto plan = PlanRename(units_, {{a, base}}, dir_.path(), {AreaUsr(), "area_calc", "AreaCalc"});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  int in_a = 0;
  for (const core::Edit& edit : plan->edits) {
    if (edit.file == a) {
      ++in_a;
      EXPECT_EQ(base.substr(edit.offset, edit.length), "area_calc");
    }
  }
  EXPECT_EQ(in_a, 1);
}

TEST_F(RenameTest, AnOccurrenceOutsideTheProjectRefusesTheRename) {
  auto plan = PlanRename(units_, {}, dir_.path() / "sub", {AreaUsr(), "area_calc", "AreaCalc"});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->edits.empty());
  EXPECT_NE(plan->refused.find("outside the project"), std::string::npos) << plan->refused;
}

TEST_F(RenameTest, ANewNameThatIsNotAnIdentifierIsInvalid) {
  EXPECT_EQ(PlanRename(units_, {}, dir_.path(), {AreaUsr(), "area_calc", "1x"}).status().code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      PlanRename(units_, {}, dir_.path(), {AreaUsr(), "area_calc", "area_calc"}).status().code(),
      core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nova::refactorer
