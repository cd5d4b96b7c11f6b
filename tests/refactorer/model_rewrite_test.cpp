// The model-refactorer's reading of a rewrite: strict JSON of the schema, and an edit confined to
// the flagged function's extent; a reply naming another function is rejected.
#include "refactorer/model_rewrite.h"

#include <gtest/gtest.h>

namespace nova::refactorer {
namespace {

RewriteTarget Target() {
  RewriteTarget target;
  target.file = "/src/a.cpp";
  target.relative = "a.cpp";
  target.name = "Run(int)";
  target.first_line = 3;
  target.begin_offset = 20;
  target.end_offset = 60;
  target.code = "int Run(int n) {\n  return n;\n}";
  target.finding.rule = "function-size";
  return target;
}

TEST(ModelRewriteTest, ReplyBecomesAnEditOfExactlyTheFunctionsExtent) {
  auto reply = ParseRewriteReply(
      R"json({"functions": [{"name": "Run(int)", "code": "int Run(int n) { return n; }"}], "summary": "s"})json");
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  auto edit = ConfinedEdit(Target(), *reply);
  ASSERT_TRUE(edit.ok()) << edit.status().ToString();
  EXPECT_EQ(edit->file, "/src/a.cpp");
  EXPECT_EQ(edit->offset, 20u);
  EXPECT_EQ(edit->length, 40u);
  EXPECT_EQ(edit->replacement, "int Run(int n) { return n; }");
}

TEST(ModelRewriteTest, AnotherFunctionOrNoChangeIsRejected) {
  auto other = ConfinedEdit(Target(), {"Main()", "int Main() { return 0; }", ""});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(other.status().message().find("the only function it may change"), std::string::npos);
  auto same = ConfinedEdit(Target(), {"Run(int)", Target().code, ""});
  EXPECT_FALSE(same.ok());
}

TEST(ModelRewriteTest, RepliesOutsideTheSchemaAreErrors) {
  for (const char* reply :
       {"int Run(int n) { return n; }", R"({"functions": [], "summary": ""})",
        R"({"functions": [{"name": "a", "code": "b"}, {"name": "c", "code": "d"}], "summary": ""})",
        R"({"functions": [{"name": "a", "code": "b", "path": "/etc/passwd"}], "summary": ""})",
        R"({"functions": [{"name": "a", "code": "b"}]})"}) {
    auto parsed = ParseRewriteReply(reply);
    ASSERT_FALSE(parsed.ok()) << reply;
    EXPECT_EQ(parsed.status().code(), core::StatusCode::kInvalidArgument);
  }
}

TEST(ModelRewriteTest, ModelPatchesHaveTheirOwnRuleAndBranchPrefix) {
  EXPECT_EQ(ModelPatchRule("function-size"), "model/function-size");
  EXPECT_TRUE(IsModelPatchRule("model/duplicate-code"));
  EXPECT_FALSE(IsModelPatchRule("use-nullptr"));
  EXPECT_TRUE(IsModelRewritable("cognitive-complexity"));
  EXPECT_FALSE(IsModelRewritable("use-nullptr"));
}

}  // namespace
}  // namespace nova::refactorer
