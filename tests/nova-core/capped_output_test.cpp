#include "nova-core/process/capped_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace nova::core {
namespace {

class CappedOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fd_ = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override { ::close(fd_); }
  std::string Log() const { return testing::ReadFile(file_); }

  testing::TempDir dir_;
  std::filesystem::path file_ = dir_.path() / "log";
  int fd_ = -1;
};

TEST_F(CappedOutputTest, WithinTheCapEverythingIsKeptInOrder) {
  CappedOutput output(fd_, 20);
  output.Append("0123456789");
  output.Append("abcdefghij");
  output.Finish();
  EXPECT_EQ(Log(), "0123456789abcdefghij");
  EXPECT_EQ(output.total_bytes(), 20u);
  EXPECT_EQ(output.omitted_bytes(), 0u);
}

TEST_F(CappedOutputTest, PastTheCapKeepsTheHeadTheOmissionLineAndTheTail) {
  CappedOutput output(fd_, 10);
  output.Append("head-");
  EXPECT_EQ(Log(), "head-");  // the head goes to the log as it comes
  output.Append("middle-middle-");
  output.Append("ta");
  output.Append("il\n");
  EXPECT_EQ(Log(), "head-");  // the tail waits for Finish
  output.Finish();
  EXPECT_EQ(Log(), "head-\n" + OmissionLine(14) + "tail\n");
  EXPECT_EQ(output.total_bytes(), 24u);
  EXPECT_EQ(output.omitted_bytes(), 14u);
  EXPECT_EQ(OmissionLine(14),
            "[... 14 bytes omitted: the output exceeded sandbox.log_max_mb ...]\n");
}

TEST_F(CappedOutputTest, AChunkLargerThanTheTailKeepsItsEnd) {
  CappedOutput output(fd_, 4);
  output.Append("ab");
  output.Append(std::string(1000, 'x') + "yz");
  output.Finish();
  EXPECT_EQ(Log(), "ab\n" + OmissionLine(1000) + "yz");
}

TEST_F(CappedOutputTest, NoCapKeepsEverything) {
  CappedOutput output(fd_, 0);
  const std::string big(100000, 'q');
  output.Append(big);
  output.Finish();
  EXPECT_EQ(Log(), big);
  EXPECT_EQ(output.omitted_bytes(), 0u);
}

TEST_F(CappedOutputTest, AFailedWriteIsReported) {
  CappedOutput output(::open("/dev/full", O_WRONLY | O_CLOEXEC), 0);
  output.Append("x");
  EXPECT_EQ(output.write_error(), ENOSPC);
}

}  // namespace
}  // namespace nova::core
