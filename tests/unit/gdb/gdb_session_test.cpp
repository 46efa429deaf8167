// Unit tests for the packet dispatcher against the fake target: every packet family, thread
// selection, resume actions, error replies, and the target description.
#include "sim/gdb/gdb_session.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/gdb/rsp_codec.hpp"
#include "sim/gdb/target_xml.hpp"
#include "tests/gdb/fake_target.hpp"

namespace rvscope::gdb {
namespace {

using testing::FakeTarget;
using Kind = ResumeAction::Kind;

class GdbSessionTest : public ::testing::Test {
 protected:
  // The single reply to a packet that does not resume.
  std::string reply(std::string_view packet) {
    const auto out = session_.handle(packet);
    EXPECT_FALSE(out.resume) << packet;
    EXPECT_EQ(out.packets.size(), 1u) << packet;
    return out.packets.empty() ? "<none>" : out.packets.back();
  }

  FakeTarget target_{2};
  GdbSession session_{target_};
};

TEST_F(GdbSessionTest, AdvertisesFeatures) {
  const std::string supported = reply("qSupported:multiprocess+;swbreak+;hwbreak+");
  EXPECT_NE(supported.find("PacketSize=4000"), std::string::npos);
  for (const char* feature :
       {"qXfer:features:read+", "swbreak+", "hwbreak+", "vContSupported+", "QStartNoAckMode+"}) {
    EXPECT_NE(supported.find(feature), std::string::npos) << feature;
  }
  const auto no_ack = session_.handle("QStartNoAckMode");
  EXPECT_EQ(no_ack.packets, std::vector<std::string>{"OK"});
  EXPECT_TRUE(no_ack.start_no_ack);
  EXPECT_EQ(reply("vCont?"), "vCont;c;C;s;S");
  EXPECT_EQ(reply("qAttached"), "1");
  EXPECT_EQ(reply("vMustReplyEmpty"), "");
  EXPECT_EQ(reply("qTStatus"), "");
  EXPECT_EQ(reply("!"), "");
  EXPECT_EQ(reply(""), "");
}

TEST_F(GdbSessionTest, StopRepliesCarryThreadAndReason) {
  EXPECT_EQ(reply("?"), "T05thread:1;20:0000008000000000;");
  StopEvent bp{StopReason::kBreakpoint, 1, BreakpointKind::kSoftware};
  EXPECT_EQ(session_.stop_reply(bp), "T05thread:2;swbreak:;20:0020008000000000;");
  bp.breakpoint = BreakpointKind::kHardware;
  EXPECT_NE(session_.stop_reply(bp).find("hwbreak:;"), std::string::npos);
  StopEvent watch{StopReason::kWatchpoint, 0};
  watch.watch_addr = 0x80001000;
  EXPECT_NE(session_.stop_reply(watch).find("watch:80001000;"), std::string::npos);
  watch.watch = WatchKind::kRead;
  EXPECT_NE(session_.stop_reply(watch).find("rwatch:80001000;"), std::string::npos);
  watch.watch = WatchKind::kAccess;
  EXPECT_NE(session_.stop_reply(watch).find("awatch:80001000;"), std::string::npos);
  EXPECT_EQ(session_.stop_reply({StopReason::kInterrupt, 0}).substr(0, 3), "T02");
  StopEvent exited{StopReason::kExited, 0};
  exited.exit_code = 3;
  EXPECT_EQ(session_.stop_reply(exited), "W03");
  // `?` repeats the last stop.
  EXPECT_EQ(reply("?"), "W03");
}

TEST_F(GdbSessionTest, ReadsAndWritesAllGeneralRegisters) {
  target_.harts()[0].x[1] = 0x1122334455667788;
  const std::string g = reply("g");
  ASSERT_EQ(g.size(), 33u * 16);
  EXPECT_EQ(g.substr(0, 16), "0000000000000000");
  EXPECT_EQ(g.substr(16, 16), "8877665544332211");
  EXPECT_EQ(g.substr(32 * 16), "0000008000000000");  // pc

  std::string regs(33 * 16, '0');
  regs.replace(5 * 16, 16, "efbeadde00000000");
  regs.replace(32 * 16, 16, std::string(16, 'x'));  // unavailable: left alone
  EXPECT_EQ(reply("G" + regs), "OK");
  EXPECT_EQ(target_.harts()[0].x[5], 0xdeadbeefu);
  EXPECT_EQ(target_.harts()[0].pc, 0x80000000u);
  EXPECT_EQ(reply("G123"), "E22");
}

TEST_F(GdbSessionTest, ReadsAndWritesSingleRegistersByGdbNumber) {
  target_.harts()[0].fcsr = 0x41;
  target_.harts()[0].f[3] = 0x3ff8000000000000;
  EXPECT_EQ(reply("p20"), "0000008000000000");  // pc = 32
  EXPECT_EQ(reply("p" + fmt::format("{:x}", kRegF0 + 3)), "000000000000f83f");
  EXPECT_EQ(reply("p42"), "01000000");  // fflags = 66, 32-bit
  EXPECT_EQ(reply("p43"), "02000000");  // frm = 67
  EXPECT_EQ(reply("p44"), "41000000");  // fcsr = 68
  EXPECT_EQ(reply("p" + fmt::format("{:x}", kRegCsrBase + 0x300)), "000000000a000000");
  EXPECT_EQ(reply("p" + fmt::format("{:x}", kRegPriv)), "0300000000000000");
  EXPECT_EQ(reply("p" + fmt::format("{:x}", kRegCsrBase + 0x7c0)), std::string(16, 'x'));
  EXPECT_EQ(reply("pzz"), "E22");
  EXPECT_EQ(reply("p100000"), "E22");

  EXPECT_EQ(reply("Pa=3412000000000000"), "OK");
  EXPECT_EQ(target_.harts()[0].x[10], 0x1234u);
  EXPECT_EQ(reply("P43=07000000"), "OK");
  EXPECT_EQ((target_.harts()[0].fcsr >> 5) & 7, 7u);
  EXPECT_EQ(reply("P0=ffffffffffffffff"), "OK");  // x0 stays zero
  EXPECT_EQ(reply("p0"), "0000000000000000");
  EXPECT_EQ(reply("Pa=12"), "E22");
  EXPECT_EQ(reply("Pa"), "E22");
  EXPECT_EQ(reply("P" + fmt::format("{:x}", kRegPriv) + "=0200000000000000"), "E14");
}

TEST_F(GdbSessionTest, ThreadsAreHartsNumberedFromOne) {
  EXPECT_EQ(reply("qfThreadInfo"), "m1,2");
  EXPECT_EQ(reply("qsThreadInfo"), "l");
  EXPECT_EQ(reply("qC"), "QC1");
  EXPECT_EQ(reply("T2"), "OK");
  EXPECT_EQ(reply("T3"), "E03");
  EXPECT_EQ(reply("T0"), "E03");
  EXPECT_EQ(reply("qThreadExtraInfo,2"), to_hex("hart 1"));
  EXPECT_EQ(reply("Hg2"), "OK");
  EXPECT_EQ(reply("qC"), "QC2");
  EXPECT_EQ(reply("p20"), "0020008000000000");  // hart 1's pc
  EXPECT_EQ(reply("Hg3"), "E03");
  EXPECT_EQ(reply("Hgp1.1"), "OK");
  EXPECT_EQ(reply("p20"), "0000008000000000");
  EXPECT_EQ(reply("Hc-1"), "OK");
  EXPECT_EQ(reply("Hg0"), "OK");
  EXPECT_EQ(reply("Hx1"), "E22");
  // `?` keeps the selection; a stop resets it to the hart that stopped.
  EXPECT_EQ(reply("Hg2"), "OK");
  EXPECT_EQ(reply("?").substr(0, 12), "T05thread:1;");
  EXPECT_EQ(reply("qC"), "QC2");
  session_.stop_reply({StopReason::kStep, 1});
  EXPECT_EQ(reply("Hg1"), "OK");
  session_.stop_reply({StopReason::kStep, 1});
  EXPECT_EQ(reply("qC"), "QC2");
  // A hart number the target does not have is reported as hart 0.
  EXPECT_EQ(session_.stop_reply({StopReason::kStep, 7}).substr(0, 12), "T05thread:1;");
}

TEST_F(GdbSessionTest, ReadsAndWritesMemory) {
  EXPECT_EQ(reply("m80001100,4"), "00110080");
  EXPECT_EQ(reply("M80001100,2:abcd"), "OK");
  EXPECT_EQ(reply("m80001100,2"), "abcd");
  EXPECT_EQ(reply("X80001100,0:"), "OK");
  EXPECT_EQ(reply("X80001100,3:}\x03}\x04}]"), "OK");
  EXPECT_EQ(reply("m80001100,3"), "23247d");
  // Partial read at the end of RAM, then nothing readable.
  EXPECT_EQ(reply("m8000fffe,4"), "0000");
  EXPECT_EQ(reply("m10,4"), "E14");
  EXPECT_EQ(reply("M10,1:00"), "E14");
  EXPECT_EQ(reply("X10,1:a"), "E14");
  // Malformed.
  EXPECT_EQ(reply("m80001100"), "E22");
  EXPECT_EQ(reply("M80001100,2:abc"), "E22");
  EXPECT_EQ(reply("M80001100,1:zz"), "E22");
  EXPECT_EQ(reply("X80001100,2:a"), "E22");
  EXPECT_EQ(reply("X80001100,1:}"), "E22");
  // Oversized requests are clipped, not refused.
  EXPECT_LE(reply("m80000000,ffffffff").size(), kMaxPacketSize);
}

TEST_F(GdbSessionTest, BreakpointsAndWatchpointsGoToTheTarget) {
  EXPECT_EQ(reply("Z0,80000040,4"), "OK");
  EXPECT_EQ(reply("Z1,80000080,2"), "OK");
  EXPECT_EQ(reply("Z2,80001000,8"), "OK");
  EXPECT_EQ(reply("Z3,80001008,4"), "OK");
  EXPECT_EQ(reply("Z4,80001010,1;X2,0a"), "OK");
  EXPECT_EQ(target_.breakpoints().size(), 2u);
  EXPECT_EQ(target_.watchpoints().size(), 3u);
  EXPECT_EQ(std::get<1>(target_.watchpoints()[2]), 0x80001010u);
  EXPECT_EQ(reply("z0,80000040,4"), "OK");
  EXPECT_EQ(reply("z0,80000040,4"), "E22");  // not inserted
  EXPECT_EQ(reply("z3,80001008,4"), "OK");
  EXPECT_EQ(reply("Z5,0,0"), "");  // unknown type: unsupported
  EXPECT_EQ(reply("Z2,80001000,0"), "E22");
  EXPECT_EQ(reply("Z0,zz,4"), "E22");
  EXPECT_EQ(reply("Z0"), "E22");
  session_.clear_debug_state();  // detach or lost connection
  EXPECT_TRUE(target_.breakpoints().empty());
  EXPECT_TRUE(target_.watchpoints().empty());
}

TEST_F(GdbSessionTest, ResumePackets) {
  auto out = session_.handle("c");
  ASSERT_TRUE(out.resume);
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kContinue, 0}));
  EXPECT_TRUE(out.packets.empty());

  session_.stop_reply({StopReason::kBreakpoint, 1});
  out = session_.handle("s");
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kStep, 1}));  // the hart that stopped

  EXPECT_EQ(reply("Hc1"), "OK");
  out = session_.handle("S05;80000100");
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kStep, 0}));
  EXPECT_EQ(target_.harts()[0].pc, 0x80000100u);

  out = session_.handle("C02");
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kContinue, 0}));
  out = session_.handle("c80000200");
  EXPECT_EQ(target_.harts()[0].pc, 0x80000200u);
  EXPECT_EQ(reply("Cxx"), "E22");
  EXPECT_EQ(reply("czz"), "E22");
}

TEST_F(GdbSessionTest, VContPicksTheSteppingHart) {
  auto out = session_.handle("vCont;s:2;c");
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kStep, 1}));
  out = session_.handle("vCont;c");
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kContinue, 0}));
  out = session_.handle("vCont;c:2");  // only hart 1 runs
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kContinue, 1, true}));
  out = session_.handle("vCont;c:2;c:1");
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kContinue, 0}));
  out = session_.handle("vCont;c:2;c");
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kContinue, 0}));
  out = session_.handle("vCont;S05:p1.1;C05");
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kStep, 0}));
  out = session_.handle("vCont;s");
  EXPECT_EQ(*out.resume, (ResumeAction{Kind::kStep, 0}));
  EXPECT_EQ(reply("vCont;s:9"), "E03");
  EXPECT_EQ(reply("vCont;t"), "E22");
  EXPECT_EQ(reply("vCont;"), "E22");
  EXPECT_EQ(reply("vCont;;"), "E22");
  EXPECT_EQ(reply("vCont;Czz"), "E22");
  EXPECT_EQ(reply("vCont;cc"), "E22");
}

TEST_F(GdbSessionTest, DetachAndKillCloseAndClearEverything) {
  EXPECT_EQ(reply("Z0,80000040,4"), "OK");
  auto out = session_.handle("D");
  EXPECT_EQ(out.packets, std::vector<std::string>{"OK"});
  EXPECT_EQ(out.resume->kind, Kind::kDetach);
  EXPECT_TRUE(out.close);
  EXPECT_TRUE(target_.breakpoints().empty());

  EXPECT_EQ(reply("Z2,80001000,8"), "OK");
  out = session_.handle("k");
  EXPECT_TRUE(out.packets.empty());
  EXPECT_EQ(out.resume->kind, Kind::kKill);
  EXPECT_TRUE(out.close);
  EXPECT_TRUE(target_.watchpoints().empty());

  out = session_.handle("vKill;1");
  EXPECT_EQ(out.resume->kind, Kind::kKill);
}

TEST_F(GdbSessionTest, MonitorHelpIsLocalOtherCommandsGoToTheTarget) {
  auto out = session_.handle("qRcmd," + to_hex("help"));
  ASSERT_GE(out.packets.size(), 2u);
  EXPECT_EQ(out.packets.back(), "OK");
  const auto help = from_hex(out.packets[0].substr(1));
  ASSERT_TRUE(help);
  EXPECT_EQ(out.packets[0][0], 'O');
  for (const char* command : {"strace on|off", "trace WINDOW|off", "stop-at-syscall NAME|NR|off",
                              "stats", "phys on|off"}) {
    EXPECT_NE(help->find(command), std::string::npos) << command;
  }
  EXPECT_TRUE(target_.monitor_log().empty());

  out = session_.handle("qRcmd," + to_hex("  stop-at-syscall clone3 "));
  EXPECT_EQ(target_.monitor_log(), std::vector<std::string>{"stop-at-syscall clone3"});
  EXPECT_EQ(from_hex(out.packets[0].substr(1)), "fake monitor: stop-at-syscall clone3\n");
  EXPECT_EQ(reply("qRcmd,zz"), "E22");
}

TEST_F(GdbSessionTest, ServesTheTargetDescriptionInChunks) {
  const std::string xml = build_target_xml(target_.has_fpu(), target_.csrs());
  std::string served;
  for (std::size_t offset = 0;;) {
    const std::string chunk = reply(fmt::format("qXfer:features:read:target.xml:{:x},100", offset));
    ASSERT_FALSE(chunk.empty());
    ASSERT_TRUE(chunk[0] == 'm' || chunk[0] == 'l') << chunk;
    const auto data = unescape_binary(std::string_view(chunk).substr(1));
    ASSERT_TRUE(data);
    served += *data;
    offset += data->size();
    if (chunk[0] == 'l') break;
  }
  EXPECT_EQ(served, xml);
  EXPECT_EQ(reply(fmt::format("qXfer:features:read:target.xml:{:x},100", xml.size() + 5)), "l");
  EXPECT_EQ(reply("qXfer:features:read:other.xml:0,100"), "E00");
  EXPECT_EQ(reply("qXfer:features:read:target.xml:0"), "E22");
}

TEST(TargetXml, NumbersRegistersTheWayGdbDoes) {
  const std::string xml = build_target_xml(
      true, {{0x001, "fflags"}, {0x300, "mstatus"}, {0x180, "satp"}, {0x7b0, "bad<name"}});
  EXPECT_NE(xml.find("<architecture>riscv:rv64</architecture>"), std::string::npos);
  EXPECT_NE(xml.find("name=\"zero\" bitsize=\"64\" type=\"int\" regnum=\"0\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\""),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"ft0\" bitsize=\"64\" type=\"riscv_double\" regnum=\"33\""),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"ft11\" bitsize=\"64\" type=\"riscv_double\" regnum=\"64\""),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"66\""),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"4161\""),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"mstatus\" bitsize=\"64\" type=\"int\" regnum=\"833\""),
            std::string::npos);
  EXPECT_NE(xml.find("<feature name=\"org.gnu.gdb.riscv.csr\">"), std::string::npos);
  // fflags is described once (with the FPU); unsafe names are left out.
  EXPECT_EQ(xml.find("fflags"), xml.rfind("fflags"));
  EXPECT_EQ(xml.find("bad<name"), std::string::npos);

  const std::string no_fpu = build_target_xml(false, {});
  EXPECT_EQ(no_fpu.find("org.gnu.gdb.riscv.fpu"), std::string::npos);
  EXPECT_NE(no_fpu.find("org.gnu.gdb.riscv.virtual"), std::string::npos);
}

}  // namespace
}  // namespace rvscope::gdb
