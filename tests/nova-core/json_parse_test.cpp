#include "nova-core/json_parse.h"

#include <gtest/gtest.h>

namespace nova::core {
namespace {

TEST(JsonParseTest, ASyntaxErrorNamesTheOriginAndTheLineItIsOn) {
  const auto parsed = ParseJson("{\n  \"a\": 1,\n  \"b\": ]\n}", "conf/.nova.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("conf/.nova.json:3: not valid JSON"), std::string::npos)
      << parsed.status().message();
}

TEST(JsonParseTest, AnyValueParsesButOnlyAnObjectIsAnObject) {
  ASSERT_TRUE(ParseJson("[1, 2]", "list").ok());
  EXPECT_EQ(ParseJson("[1, 2]", "list")->size(), 2u);

  const auto not_object = ParseJsonObject("[1, 2]", "GitHub's response");
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.status().message(), "GitHub's response: must be a JSON object");

  const auto object = ParseJsonObject(R"({"login": "nova"})", "GitHub's response");
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(object->at("login"), "nova");
}

TEST(JsonParseTest, EmptyTextIsAnErrorNotAnEmptyValue) {
  const auto parsed = ParseJson("", "empty.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("empty.json:1:"), std::string::npos);
}

}  // namespace
}  // namespace nova::core
