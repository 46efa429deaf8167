// KanataWriter: the exact log of a small example, cycle order restored from entries added out of
// it, and the format's rules (kanata_rules.hpp) held and shown to catch broken logs.
#include "sim/timing/kanata_writer.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/unit/timing/kanata_rules.hpp"

namespace rvscope::timing {
namespace {

const std::vector<std::string> kOrder = {"F", "Dc", "Is", "Ex", "Wb"};

KanataEntry retired(u64 id, u64 fetch, u64 issue, u64 done, u64 end) {
  KanataEntry e;
  e.sim_id = id;
  e.label = "insn " + std::to_string(id);
  e.stage_name = {"F", "Dc", "Is", "Ex", "Wb"};
  e.stage_start = {fetch, fetch + 1, fetch + 2, issue + 1, done + 1};
  e.num_stages = 5;
  e.end = end;
  return e;
}

TEST(KanataWriter, WritesTheFormatsCommandsInCycleOrder) {
  std::ostringstream out;
  KanataWriter w(out);
  KanataEntry load = retired(7, 10, 12, 14, 16);
  load.detail = "waited:\tnothing";  // a tab inside a text must not start a column
  w.add(load);
  KanataEntry flushed;
  flushed.sim_id = 7;
  flushed.label = "wrong";
  flushed.stage_name = {"F", "Dc"};
  flushed.stage_start = {11, 12};
  flushed.num_stages = 2;
  flushed.end = 13;
  flushed.flushed = true;
  w.add(flushed);
  w.finish();
  EXPECT_EQ(out.str(),
            "Kanata\t0004\nC=\t10\n"
            "I\t0\t7\t0\nL\t0\t0\tinsn 7\nL\t0\t1\twaited: nothing\nS\t0\t0\tF\n"
            "C\t1\nE\t0\t0\tF\nS\t0\t0\tDc\nI\t1\t7\t0\nL\t1\t0\twrong\nS\t1\t0\tF\n"
            "C\t1\nE\t0\t0\tDc\nS\t0\t0\tIs\nE\t1\t0\tF\nS\t1\t0\tDc\n"
            "C\t1\nE\t0\t0\tIs\nS\t0\t0\tEx\nE\t1\t0\tDc\nR\t1\t0\t1\n"
            "C\t2\nE\t0\t0\tEx\nS\t0\t0\tWb\n"
            "C\t1\nE\t0\t0\tWb\nR\t0\t0\t0\n");
  EXPECT_EQ(test::kanata_violation(out.str(), kOrder), "");
}

TEST(KanataWriter, EntriesAddedOutOfCycleOrderComeOutInOrder) {
  std::ostringstream out;
  KanataWriter w(out);
  // A long load first, then two instructions fetched after it that finish before it does.
  w.add(retired(1, 0, 2, 104, 106));
  w.advance(1);
  w.add(retired(2, 1, 3, 4, 106));
  w.add(retired(3, 1, 3, 5, 106));
  w.advance(2);
  KanataEntry stalled = retired(4, 2, 9, 10, 106);
  stalled.stall_name = "data_hazard";
  stalled.stall_start = 4;
  stalled.stall_end = 9;
  w.add(stalled);
  w.finish();
  EXPECT_EQ(test::kanata_violation(out.str(), kOrder), "") << out.str();
  EXPECT_EQ(w.entries_written(), 4u);
  EXPECT_NE(out.str().find("S\t3\t1\tdata_hazard"), std::string::npos);
}

TEST(KanataWriter, AnEntryBeforeTheFrontierIsMovedUpToIt) {
  std::ostringstream out;
  KanataWriter w(out);
  w.add(retired(1, 5, 7, 8, 10));
  w.advance(6);
  w.add(retired(2, 3, 7, 8, 10));  // breaks the promise: starts at 6, not 3
  w.finish();
  EXPECT_EQ(test::kanata_violation(out.str(), kOrder), "") << out.str();
}

TEST(KanataRules, CatchBrokenLogs) {
  const std::string head = "Kanata\t0004\nC=\t0\n";
  const std::string ok = head + "I\t0\t1\t0\nS\t0\t0\tF\nC\t1\nE\t0\t0\tF\nR\t0\t0\t1\n";
  EXPECT_EQ(test::kanata_violation(ok, kOrder), "");
  EXPECT_NE(test::kanata_violation("Kanata\t0003\n", kOrder), "");
  EXPECT_NE(test::kanata_violation(head + "I\t0\t1\t0\nC\t0\nR\t0\t0\t1\n", kOrder), "");
  EXPECT_NE(test::kanata_violation(head + "I\t1\t1\t0\nR\t1\t0\t1\n", kOrder), "");
  EXPECT_NE(test::kanata_violation(head + "I\t0\t1\t0\n", kOrder), "");  // never ends
  EXPECT_NE(test::kanata_violation(ok + "R\t0\t0\t1\n", kOrder), "");    // ends twice
  EXPECT_NE(
      test::kanata_violation(head + "I\t0\t1\t0\nS\t0\t0\tDc\nE\t0\t0\tDc\nR\t0\t0\t1\n", kOrder),
      "");  // stage order
  EXPECT_NE(
      test::kanata_violation(head + "I\t0\t1\t0\nS\t0\t0\tF\nE\t0\t0\tF\nR\t0\t0\t0\n", kOrder),
      "");  // retired after fetch only
  EXPECT_NE(
      test::kanata_violation(head + "I\t0\t1\t0\nS\t0\t0\tF\nS\t0\t0\tDc\nR\t0\t0\t1\n", kOrder),
      "");  // a stage starts while the previous one is open
}

}  // namespace
}  // namespace rvscope::timing
