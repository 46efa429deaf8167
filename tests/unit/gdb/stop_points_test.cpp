// Unit tests for StopPoints: counted inserts and removals, PC and access-range checks.
#include "sim/gdb/stop_points.hpp"

#include <gtest/gtest.h>

namespace rvscope::gdb {
namespace {

TEST(StopPoints, BreakpointsAreCountedPerKind) {
  StopPoints points;
  EXPECT_TRUE(points.empty());
  EXPECT_EQ(points.breakpoint_at(0x1000), std::nullopt);
  points.add_breakpoint(BreakpointKind::kHardware, 0x1000);
  EXPECT_EQ(points.breakpoint_at(0x1000), BreakpointKind::kHardware);
  points.add_breakpoint(BreakpointKind::kSoftware, 0x1000);
  points.add_breakpoint(BreakpointKind::kSoftware, 0x1000);
  EXPECT_EQ(points.breakpoint_at(0x1000), BreakpointKind::kSoftware);
  EXPECT_EQ(points.breakpoint_at(0x1002), std::nullopt);
  EXPECT_TRUE(points.remove_breakpoint(BreakpointKind::kSoftware, 0x1000));
  EXPECT_TRUE(points.remove_breakpoint(BreakpointKind::kSoftware, 0x1000));
  EXPECT_FALSE(points.remove_breakpoint(BreakpointKind::kSoftware, 0x1000));
  EXPECT_EQ(points.breakpoint_at(0x1000), BreakpointKind::kHardware);
  EXPECT_TRUE(points.remove_breakpoint(BreakpointKind::kHardware, 0x1000));
  EXPECT_FALSE(points.remove_breakpoint(BreakpointKind::kHardware, 0x2000));
  EXPECT_TRUE(points.empty());
}

TEST(StopPoints, WatchpointsMatchOverlappingAccessesOfTheirKind) {
  StopPoints points;
  EXPECT_FALSE(points.add_watchpoint(WatchKind::kWrite, 0x100, 0));
  points.add_watchpoint(WatchKind::kWrite, 0x100, 8);
  points.add_watchpoint(WatchKind::kRead, 0x200, 4);
  points.add_watchpoint(WatchKind::kAccess, 0x300, 1);
  EXPECT_TRUE(points.has_watchpoints());
  EXPECT_FALSE(points.has_breakpoints());

  // Write watchpoint: stores overlapping [0x100, 0x108) only.
  auto hit = points.check_access(0xfc, 8, true);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, WatchKind::kWrite);
  EXPECT_EQ(hit->addr, 0x100u);
  hit = points.check_access(0x107, 1, true);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->addr, 0x107u);
  EXPECT_FALSE(points.check_access(0x108, 8, true));
  EXPECT_FALSE(points.check_access(0xf8, 8, true));
  EXPECT_FALSE(points.check_access(0x100, 8, false));
  // Read watchpoint: loads only.
  EXPECT_TRUE(points.check_access(0x203, 4, false));
  EXPECT_FALSE(points.check_access(0x200, 4, true));
  // Access watchpoint: both.
  EXPECT_EQ(points.check_access(0x2f8, 16, false)->kind, WatchKind::kAccess);
  EXPECT_EQ(points.check_access(0x300, 1, true)->kind, WatchKind::kAccess);
  EXPECT_FALSE(points.check_access(0x300, 0, true));

  EXPECT_TRUE(points.remove_watchpoint(WatchKind::kWrite, 0x100, 8));
  EXPECT_FALSE(points.remove_watchpoint(WatchKind::kWrite, 0x100, 8));
  EXPECT_FALSE(points.check_access(0x100, 8, true));
  points.clear();
  EXPECT_TRUE(points.empty());
}

TEST(StopPoints, RangesAtTheTopOfTheAddressSpace) {
  StopPoints points;
  points.add_watchpoint(WatchKind::kAccess, ~0ull - 3, 100);  // would wrap: saturates
  EXPECT_TRUE(points.check_access(~0ull, 1, false));
  EXPECT_TRUE(points.check_access(~0ull - 8, 16, true));
  EXPECT_FALSE(points.check_access(0, 8, true));
  points.add_watchpoint(WatchKind::kWrite, 0x10, 8);
  points.add_watchpoint(WatchKind::kWrite, 0x10, 8);
  EXPECT_TRUE(points.remove_watchpoint(WatchKind::kWrite, 0x10, 8));
  EXPECT_TRUE(points.check_access(0x10, 1, true));  // one insert left
}

}  // namespace
}  // namespace rvscope::gdb
