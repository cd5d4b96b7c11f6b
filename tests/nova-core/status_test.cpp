#include "nova-core/result.h"

#include <gtest/gtest.h>

namespace nova::core {
namespace {

Result<int> ParsePositive(int value) {
  if (value <= 0) return InvalidArgumentError("not positive: " + std::to_string(value));
  return value;
}

Result<int> Doubled(int value) {
  NOVA_ASSIGN_OR_RETURN(int parsed, ParsePositive(value));
  return parsed * 2;
}

Status CheckBoth(int a, int b) {
  NOVA_RETURN_IF_ERROR(ParsePositive(a).status());
  NOVA_RETURN_IF_ERROR(ParsePositive(b).status());
  return Status::Ok();
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  Status s = NotFoundError("no compile command for src/a.cpp").WithContext("while analyzing");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "while analyzing: no compile command for src/a.cpp");
  EXPECT_EQ(s.ToString(), "NotFound: while analyzing: no compile command for src/a.cpp");
  EXPECT_TRUE(Status::Ok().WithContext("ignored").ok());
}

TEST(ResultTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Doubled(21), 42);
  Result<int> bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "not positive: -1");
}

TEST(ResultTest, ReturnIfErrorStopsAtTheFailingCall) {
  EXPECT_TRUE(CheckBoth(1, 2).ok());
  Status s = CheckBoth(1, -7);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "not positive: -7");
}

TEST(ResultDeathTest, ValueOfAnErrorIsACheckFailure) {
  Result<int> bad = InternalError("boom");
  EXPECT_DEATH((void)bad.value(), "internal check failed");
}

}  // namespace
}  // namespace nova::core
