#include "nova-core/process/log_tail.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace nova::core {
namespace {

TEST(LogTailTest, KeepsTheLastLinesWithinTheByteBound) {
  testing::TempDir dir;
  const std::filesystem::path file = dir.path() / "log";
  std::string text;
  for (int i = 1; i <= 10; ++i) text += "line" + std::to_string(i) + "\n";
  testing::WriteFile(file, text);
  EXPECT_EQ(LogTail(file, 3), "line8\nline9\nline10\n");
  EXPECT_EQ(LogTail(file, 40), text);
  // 14 bytes: "\nline9\nline10\n" -> the partial first line is dropped.
  EXPECT_EQ(LogTail(file, 40, 14), "line9\nline10\n");
  EXPECT_EQ(LogTail(dir.path() / "missing"), "");
}

}  // namespace
}  // namespace nova::core
