#include "nova-core/process/limits.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace nova::core {
namespace {

TEST(LimitsTest, FindsTheCgroup2MountAndNovasOwnCgroup) {
  const std::string hybrid =
      "sysfs /sys sysfs rw 0 0\n"
      "cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n"
      "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nsdelegate 0 0\n";
  EXPECT_EQ(*FindCgroupV2Mount(hybrid), "/sys/fs/cgroup/unified");
  core::Result<std::filesystem::path> v1 =
      FindCgroupV2Mount("cgroup /sys/fs/cgroup/pids cgroup rw,pids 0 0\n");
  ASSERT_FALSE(v1.ok());
  EXPECT_EQ(v1.status().code(), core::StatusCode::kNotFound);

  EXPECT_EQ(*OwnCgroupV2Path("4:memory:/x\n0::/user.slice/nova.service\n"),
            "/user.slice/nova.service");
  EXPECT_EQ(OwnCgroupV2Path("4:memory:/x\n").status().code(), core::StatusCode::kNotFound);
}

TEST(LimitsTest, PlanUsesTheCgroupOnlyForEnabledControllersOfAWritableCgroup) {
  testing::TempDir dir;
  const ResourceLimits limits{256, 100};
  testing::WriteFile(dir.path() / "cgroup.subtree_control", "cpu pids\n");
  LimitPlan plan = PlanLimitsWith(limits, dir.path(), "");
  EXPECT_EQ(plan.memory, LimitMechanism::kRlimit);
  EXPECT_EQ(plan.pids, LimitMechanism::kCgroupV2);
  EXPECT_EQ(plan.cgroup_parent, dir.path());
  EXPECT_NE(plan.cgroup_unavailable.find("memory controller is not enabled"), std::string::npos);

  testing::WriteFile(dir.path() / "cgroup.subtree_control", "memory pids\n");
  plan = PlanLimitsWith(limits, dir.path(), "");
  EXPECT_EQ(plan.memory, LimitMechanism::kCgroupV2);
  EXPECT_EQ(plan.pids, LimitMechanism::kCgroupV2);
  EXPECT_EQ(DescribeLimits(limits, plan, true),
            "memory: cgroup v2 memory.max 256 MiB; pids: cgroup v2 pids.max 100");

  plan = PlanLimitsWith(limits, "", "no cgroup2 mount");
  EXPECT_EQ(plan.memory, LimitMechanism::kRlimit);
  EXPECT_EQ(plan.pids, LimitMechanism::kRlimit);
  EXPECT_TRUE(plan.cgroup_parent.empty());
  EXPECT_EQ(plan.cgroup_unavailable, "no cgroup2 mount");
  EXPECT_EQ(DescribeLimits(limits, plan, true),
            "memory: RLIMIT_AS 256 MiB (per process); pids: RLIMIT_NPROC 100 (not enforced: "
            "running as root)");
  EXPECT_EQ(DescribeLimits(limits, plan, false),
            "memory: RLIMIT_AS 256 MiB (per process); pids: RLIMIT_NPROC 100 (per user)");

  plan = PlanLimitsWith(ResourceLimits{0, 0}, dir.path(), "");
  EXPECT_EQ(plan.memory, LimitMechanism::kNone);
  EXPECT_EQ(plan.pids, LimitMechanism::kNone);
  EXPECT_TRUE(plan.cgroup_parent.empty());
  EXPECT_EQ(DescribeLimits(ResourceLimits{0, 0}, plan, true), "memory: off; pids: off");
}

TEST(LimitsTest, OnThisMachineTheProbeFallsBackWhereNoCgroupIsDelegated) {
  const LimitPlan plan = PlanLimits(ResourceLimits{256, 100});
  if (::access("/sys/fs/cgroup/cgroup.controllers", F_OK) != 0 && plan.cgroup_parent.empty()) {
    EXPECT_EQ(plan.memory, LimitMechanism::kRlimit);
    EXPECT_EQ(plan.pids, LimitMechanism::kRlimit);
    EXPECT_FALSE(plan.cgroup_unavailable.empty());
  } else {
    EXPECT_FALSE(plan.cgroup_parent.empty()) << plan.cgroup_unavailable;
  }
}

TEST(LimitsTest, RlimitsAreOnlyForWhatThePlanGaveThem) {
  LimitPlan plan;
  plan.memory = LimitMechanism::kRlimit;
  plan.pids = LimitMechanism::kCgroupV2;
  const ChildLimits child = RlimitsFor(ResourceLimits{256, 100}, plan);
  EXPECT_EQ(child.address_space, rlim_t{256} << 20);
  EXPECT_EQ(child.processes, RLIM_INFINITY);
  EXPECT_EQ(child.cgroup_procs_fd, -1);
}

// A directory that is not a cgroup has no memory.max to write: nothing is left behind.
TEST(LimitsTest, ACgroupThatCannotBeConfiguredIsUnavailableAndRemoved) {
  testing::TempDir dir;
  LimitPlan plan;
  plan.memory = LimitMechanism::kCgroupV2;
  core::Result<ChildCgroup> cgroup = ChildCgroup::Create(dir.path(), ResourceLimits{256, 0}, plan);
  ASSERT_FALSE(cgroup.ok());
  EXPECT_EQ(cgroup.status().code(), core::StatusCode::kUnavailable);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace nova::core
