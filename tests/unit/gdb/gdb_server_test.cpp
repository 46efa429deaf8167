// Unit tests for GdbServer over real loopback sockets: listen-spec parsing, acks and error
// replies, Ctrl-C, detach, a refused second connection, and a debugger that vanishes.
#include "sim/gdb/gdb_server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

// <utility> must come first: Boost 1.74's asio uses std::exchange without including it.
// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on

#include "sim/common/error.hpp"
#include "sim/gdb/rsp_codec.hpp"
#include "tests/gdb/fake_target.hpp"

namespace rvscope::gdb {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using testing::FakeTarget;
using Kind = ResumeAction::Kind;

// These tests talk over sockets between two threads; if the stub ever stopped answering they
// would block, so the whole process gives up after a minute instead.
class Watchdog : public ::testing::Environment {
 public:
  void SetUp() override { alarm(60); }
};
const auto* const kWatchdog = ::testing::AddGlobalTestEnvironment(new Watchdog);

TEST(ListenSpec, ParsesHostAndPort) {
  auto spec = parse_listen_spec("1234");
  EXPECT_EQ(spec.host, "127.0.0.1");
  EXPECT_EQ(spec.port, 1234);
  spec = parse_listen_spec(":1235");
  EXPECT_EQ(spec.host, "127.0.0.1");
  EXPECT_EQ(spec.port, 1235);
  spec = parse_listen_spec("0.0.0.0:1");
  EXPECT_EQ(spec.host, "0.0.0.0");
  EXPECT_EQ(spec.port, 1);
  spec = parse_listen_spec("localhost:0");
  EXPECT_EQ(spec.host, "localhost");
  EXPECT_EQ(spec.port, 0);
  spec = parse_listen_spec("[::1]:65535");
  EXPECT_EQ(spec.host, "::1");
  EXPECT_EQ(spec.port, 65535);
  for (const char* bad : {"", "abc", "1:", "65536", "[::1]5", "12a", "-1", "[]:5"}) {
    EXPECT_THROW(parse_listen_spec(bad), SimError) << bad;
  }
}

TEST(GdbServer, ReportsAnUnusableListenAddress) {
  FakeTarget target;
  EXPECT_THROW(GdbServer(target, {"no.such.host.invalid", 0}), SimError);
}

// A raw RSP client for driving the server from another thread.
class Client {
 public:
  explicit Client(u16 port) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void send(std::string_view bytes) {
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()));
  }
  void send_packet(std::string_view payload) { send(frame_packet(payload)); }
  char read_char() {
    char c = 0;
    asio::read(socket_, asio::buffer(&c, 1));
    return c;
  }
  // The next packet's payload, skipping acks; checks the checksum.
  std::string read_packet() {
    char c = read_char();
    while (c == '+') c = read_char();
    EXPECT_EQ(c, '$');
    std::string payload;
    for (c = read_char(); c != '#'; c = read_char()) payload += c;
    std::string sum{read_char(), read_char()};
    EXPECT_EQ(parse_hex_number(sum), checksum(payload));
    return payload;
  }
  // Consumes the rest of a packet whose start was read char by char.
  void read_packet_tail() {
    while (read_char() != '#') {
    }
    read_char();
    read_char();
  }
  std::string request(std::string_view payload) {
    send_packet(payload);
    return read_packet();
  }
  bool at_eof() {
    char c = 0;
    boost::system::error_code ec;
    asio::read(socket_, asio::buffer(&c, 1), ec);
    return ec == asio::error::eof;
  }
  void close() { socket_.close(); }

 private:
  asio::io_context io_;
  tcp::socket socket_;
};

bool poll_until_interrupt(GdbServer& server) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (server.poll_interrupt()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

TEST(GdbServer, ServesPacketsAcksErrorsInterruptAndDetach) {
  FakeTarget target;
  GdbServer server(target, {"127.0.0.1", 0});
  EXPECT_FALSE(server.connected());
  std::thread gdb([port = server.port()] {
    Client client(port);
    client.send("+");
    EXPECT_EQ(client.request("?"), "T05thread:1;20:0000008000000000;");
    client.send("$g#00");  // bad checksum: a resend is asked for
    EXPECT_EQ(client.read_char(), '-');
    client.send_packet(std::string(kMaxPacketSize + 10, 'm'));  // oversized: error reply
    EXPECT_EQ(client.read_packet(), "E01");
    client.send("-");  // our reply was garbled: the stub sends it again
    EXPECT_EQ(client.read_packet(), "E01");
    EXPECT_EQ(client.request("Z0,80000040,4"), "OK");
    client.send_packet("c");
    EXPECT_EQ(client.read_char(), '+');
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    client.send("\x03");
    EXPECT_EQ(client.read_packet().substr(0, 16), "T02thread:1;20:0");
    EXPECT_EQ(client.request("D"), "OK");
    EXPECT_TRUE(client.at_eof());
  });
  server.wait_for_client();
  EXPECT_TRUE(server.connected());
  EXPECT_EQ(server.on_stop({StopReason::kTrap, 0}).kind, Kind::kContinue);
  EXPECT_EQ(target.breakpoints().size(), 1u);
  EXPECT_TRUE(poll_until_interrupt(server));
  EXPECT_EQ(server.on_stop({StopReason::kInterrupt, 0}).kind, Kind::kDetach);
  EXPECT_FALSE(server.connected());
  EXPECT_TRUE(target.breakpoints().empty());
  gdb.join();
  // With nobody attached a stop resumes at once.
  EXPECT_EQ(server.on_stop({StopReason::kBreakpoint, 0}).kind, Kind::kDetach);
}

TEST(GdbServer, AParkedRunShowsConsoleTextAndWaitsForCtrlC) {
  // A lone resumed hart with nothing to run: the loop tells gdb why (O packets, only while it
  // waits for a stop reply) and blocks in wait_interrupt until gdb's Ctrl-C.
  FakeTarget target(2);
  GdbServer server(target, {"127.0.0.1", 0});
  std::thread gdb([port = server.port()] {
    Client client(port);
    EXPECT_EQ(client.request("QStartNoAckMode"), "OK");
    client.send_packet("vCont;c:2");
    EXPECT_EQ(client.read_packet(), "O" + to_hex("parked\n"));
    client.send("\x03");
    EXPECT_EQ(client.read_packet().substr(0, 12), "T02thread:2;");
    EXPECT_EQ(client.request("D"), "OK");
  });
  server.wait_for_client();
  server.console_output("not waiting for a stop reply: dropped\n");
  EXPECT_EQ(server.on_stop({StopReason::kTrap, 0}), (ResumeAction{Kind::kContinue, 1, true}));
  server.console_output("parked\n");
  const auto start = std::chrono::steady_clock::now();
  bool interrupted = false;
  for (int i = 0; i < 100 && !interrupted; ++i) interrupted = server.wait_interrupt(100);
  EXPECT_TRUE(interrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(9));
  EXPECT_EQ(server.on_stop({StopReason::kInterrupt, 1}).kind, Kind::kDetach);
  gdb.join();
}

TEST(GdbServer, RefusesASecondDebugger) {
  FakeTarget target;
  GdbServer server(target, {"127.0.0.1", 0});
  std::thread gdb([port = server.port()] {
    Client first(port);
    EXPECT_EQ(first.request("qC"), "QC1");
    Client second(port);
    second.send_packet("qSupported");
    EXPECT_EQ(second.read_packet().rfind("E.rvscope: another debugger is attached", 0), 0u);
    EXPECT_TRUE(second.at_eof());
    EXPECT_EQ(first.request("qC"), "QC1");  // the first one is unaffected
    first.send_packet("k");
    EXPECT_EQ(first.read_char(), '+');
    EXPECT_TRUE(first.at_eof());
  });
  server.wait_for_client();
  EXPECT_EQ(server.on_stop({StopReason::kTrap, 0}).kind, Kind::kKill);
  gdb.join();
}

TEST(GdbServer, ADebuggerThatVanishesDetachesAndClearsBreakpoints) {
  FakeTarget target;
  GdbServer server(target, {"127.0.0.1", 0});
  std::thread gdb([port = server.port()] {
    Client client(port);
    EXPECT_EQ(client.request("Z2,80001000,8"), "OK");
    client.send_packet("vCont;c");
    EXPECT_EQ(client.read_char(), '+');
    client.close();
  });
  server.wait_for_client();
  EXPECT_EQ(server.on_stop({StopReason::kTrap, 0}).kind, Kind::kContinue);
  gdb.join();
  EXPECT_TRUE(poll_until_interrupt(server));
  EXPECT_EQ(server.on_stop({StopReason::kInterrupt, 0}).kind, Kind::kDetach);
  EXPECT_TRUE(target.watchpoints().empty());
  EXPECT_FALSE(server.connected());
}

TEST(GdbServer, ADebuggerCanAttachWhileTheGuestRuns) {
  FakeTarget target;
  GdbServer server(target, {"127.0.0.1", 0});
  EXPECT_FALSE(server.poll_interrupt());
  std::thread gdb([port = server.port()] {
    Client client(port);
    EXPECT_EQ(client.request("?").substr(0, 12), "T02thread:2;");
    client.send_packet("s");
    EXPECT_EQ(client.read_char(), '+');
    EXPECT_EQ(client.read_packet().substr(0, 12), "T05thread:2;");
    EXPECT_EQ(client.request("D"), "OK");
  });
  EXPECT_TRUE(poll_until_interrupt(server));
  EXPECT_TRUE(server.connected());
  EXPECT_EQ(server.on_stop({StopReason::kInterrupt, 1}), (ResumeAction{Kind::kStep, 1}));
  EXPECT_EQ(server.on_stop({StopReason::kStep, 1}).kind, Kind::kDetach);
  gdb.join();
}

TEST(GdbServer, NoAckModeStopsAcknowledgements) {
  FakeTarget target;
  GdbServer server(target, {"127.0.0.1", 0});
  std::thread gdb([port = server.port()] {
    Client client(port);
    client.send_packet("QStartNoAckMode");
    EXPECT_EQ(client.read_char(), '+');  // the request itself is still acknowledged
    EXPECT_EQ(client.read_packet(), "OK");
    client.send("+");
    client.send_packet("qC");
    EXPECT_EQ(client.read_char(), '$');  // no '+' any more
    EXPECT_EQ(client.read_char(), 'Q');
    client.read_packet_tail();
    client.send("$g#00");  // a bad checksum cannot be resent: error reply
    EXPECT_EQ(client.read_packet(), "E01");
    client.send_packet("D");
    EXPECT_EQ(client.read_char(), '$');
  });
  server.wait_for_client();
  EXPECT_EQ(server.on_stop({StopReason::kTrap, 0}).kind, Kind::kDetach);
  gdb.join();
}

TEST(GdbServer, SaysWhyItStoppedOnTheConsoleBeforeTheStopReply) {
  FakeTarget target;
  GdbServer server(target, {"127.0.0.1", 0});
  const std::string message = "rvscope: hart 0 stopped at the user ecall of clone3 (a7 = 435)\n";
  std::thread gdb([port = server.port(), &message] {
    Client client(port);
    // Not waiting for a stop: the message of the initial stop is not sent ('?' gives none).
    EXPECT_EQ(client.request("?").substr(0, 12), "T05thread:1;");
    client.send_packet("c");
    EXPECT_EQ(client.read_char(), '+');
    EXPECT_EQ(client.read_packet(), "O" + to_hex(message));
    EXPECT_EQ(client.read_packet().substr(0, 12), "T05thread:1;");
    // A long message is split so that every O packet fits the advertised packet size.
    client.send_packet("c");
    EXPECT_EQ(client.read_char(), '+');
    std::string text;
    for (std::string packet = client.read_packet(); packet[0] == 'O';
         packet = client.read_packet()) {
      EXPECT_LE(packet.size(), kMaxPacketSize);
      text += *from_hex(std::string_view(packet).substr(1));
    }
    EXPECT_EQ(text, std::string(20000, 'x'));
    EXPECT_EQ(client.request("D"), "OK");
  });
  server.wait_for_client();
  StopEvent initial{StopReason::kTrap, 0};
  initial.message = "never sent\n";
  EXPECT_EQ(server.on_stop(initial).kind, Kind::kContinue);
  StopEvent syscall_stop{StopReason::kTrap, 0};
  syscall_stop.message = message;
  EXPECT_EQ(server.on_stop(syscall_stop).kind, Kind::kContinue);
  StopEvent long_stop{StopReason::kTrap, 0};
  long_stop.message = std::string(20000, 'x');
  EXPECT_EQ(server.on_stop(long_stop).kind, Kind::kDetach);
  gdb.join();
}

TEST(GdbServer, TellsGdbTheGuestExited) {
  FakeTarget target;
  GdbServer server(target, {"127.0.0.1", 0});
  std::thread gdb([port = server.port()] {
    Client client(port);
    client.send_packet("c");
    EXPECT_EQ(client.read_char(), '+');
    EXPECT_EQ(client.read_packet(), "W07");
    EXPECT_TRUE(client.at_eof());
  });
  server.wait_for_client();
  EXPECT_EQ(server.on_stop({StopReason::kTrap, 0}).kind, Kind::kContinue);
  StopEvent exited{StopReason::kExited, 0};
  exited.exit_code = 7;
  EXPECT_EQ(server.on_stop(exited).kind, Kind::kDetach);
  gdb.join();
}

}  // namespace
}  // namespace rvscope::gdb
