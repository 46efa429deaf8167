// Fuzz entry point for the gdb stub: random bytes go through the packet decoder and every
// decoded packet (and the raw input, line by line) through the dispatcher with a fake target.
// Built with libFuzzer (clang -fsanitize=fuzzer) or as a corpus replayer (replay_main.cpp).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "sim/gdb/gdb_session.hpp"
#include "sim/gdb/rsp_codec.hpp"
#include "tests/gdb/fake_target.hpp"

namespace {

using rvscope::gdb::GdbSession;
using rvscope::gdb::kMaxPacketSize;
using rvscope::gdb::PacketDecoder;

void check(bool condition) {
  if (!condition) std::abort();  // an invariant broke: make the fuzzer record the input
}

void dispatch(GdbSession& session, std::string_view payload) {
  const GdbSession::Output out = session.handle(payload);
  for (const auto& reply : out.packets) check(reply.size() <= kMaxPacketSize);
  if (out.close) session.clear_debug_state();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  rvscope::gdb::testing::FakeTarget target(2);
  GdbSession session(target);

  // The codec's pure functions must agree with each other on any input.
  check(rvscope::gdb::unescape_binary(rvscope::gdb::escape_binary(input)) == input);
  check(rvscope::gdb::from_hex(rvscope::gdb::to_hex(input)) == input);
  if (auto expanded = rvscope::gdb::expand_rle(input, kMaxPacketSize)) {
    check(expanded->size() <= kMaxPacketSize);
  }

  // Framed traffic, fed in two pieces to exercise reassembly.
  PacketDecoder decoder;
  std::vector<PacketDecoder::Event> events;
  const std::size_t split = size == 0 ? 0 : data[0] % (size + 1);
  decoder.feed(input.substr(0, split), events);
  decoder.feed(input.substr(split), events);
  for (const auto& event : events) {
    if (event.kind == PacketDecoder::Kind::kPacket) {
      check(event.payload.size() <= kMaxPacketSize);
      dispatch(session, event.payload);
    }
  }

  // Unframed payloads, one per line, so the dispatcher sees inputs the decoder would reject.
  std::string_view rest = input;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    dispatch(session, rest.substr(0, end));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  session.clear_debug_state();
  check(target.breakpoints().empty() && target.watchpoints().empty());
  return 0;
}
