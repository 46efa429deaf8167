// Unit tests for the RSP codec: checksums, framing, escapes, run-length and hex helpers, and
// the streaming packet decoder.
#include "sim/gdb/rsp_codec.hpp"

#include <gtest/gtest.h>

namespace rvscope::gdb {
namespace {

using Kind = PacketDecoder::Kind;

std::vector<PacketDecoder::Event> decode(std::string_view bytes, std::size_t max = kMaxPacketSize) {
  PacketDecoder decoder(max);
  std::vector<PacketDecoder::Event> events;
  decoder.feed(bytes, events);
  return events;
}

TEST(RspCodec, ChecksumIsByteSumModulo256) {
  EXPECT_EQ(checksum(""), 0);
  EXPECT_EQ(checksum("OK"), 0x9a);
  EXPECT_EQ(checksum(std::string(300, '\xff')), static_cast<u8>(300 * 0xff));
}

TEST(RspCodec, FramesPacketsWithLowercaseChecksum) {
  EXPECT_EQ(frame_packet("OK"), "$OK#9a");
  EXPECT_EQ(frame_packet(""), "$#00");
  EXPECT_EQ(frame_packet("qSupported"), "$qSupported#37");
}

TEST(RspCodec, EscapesTheFourSpecialBytes) {
  EXPECT_EQ(escape_binary("a$b#c}d*e"),
            "a}\x04"
            "b}\x03"
            "c}]d}\x0a"
            "e");
  EXPECT_EQ(unescape_binary("a}\x04"
                            "b}\x03"
                            "c}]d}\x0a"
                            "e"),
            "a$b#c}d*e");
  EXPECT_EQ(unescape_binary("abc}"), std::nullopt);
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(unescape_binary(escape_binary(all)), all);
}

TEST(RspCodec, ExpandsRunLengthEncoding) {
  EXPECT_EQ(expand_rle("0* ", 100), "0000");  // ' ' = 32: three more
  EXPECT_EQ(expand_rle("ab*\"c", 100), "abbbbbbc");
  EXPECT_EQ(expand_rle("plain", 100), "plain");
  EXPECT_EQ(expand_rle("*a", 100), std::nullopt);      // nothing to repeat
  EXPECT_EQ(expand_rle("a*", 100), std::nullopt);      // no count
  EXPECT_EQ(expand_rle("a*\x01", 100), std::nullopt);  // count below 3
  EXPECT_EQ(expand_rle("a*~", 10), std::nullopt);      // 1 + 97 > 10
  EXPECT_EQ(expand_rle("}*", 100), "}*");              // escaped byte, not a run marker
}

TEST(RspCodec, HexHelpers) {
  EXPECT_EQ(to_hex(std::string("\x00\x7f\xff", 3)), "007fff");
  EXPECT_EQ(from_hex("007FfF"), std::string("\x00\x7f\xff", 3));
  EXPECT_EQ(from_hex("abc"), std::nullopt);
  EXPECT_EQ(from_hex("zz"), std::nullopt);
  EXPECT_EQ(parse_hex_number("80000000"), 0x80000000u);
  EXPECT_EQ(parse_hex_number("ffffffffffffffff"), ~0ull);
  EXPECT_EQ(parse_hex_number("10000000000000000"), std::nullopt);  // 17 digits
  EXPECT_EQ(parse_hex_number(""), std::nullopt);
  EXPECT_EQ(parse_hex_number("-1"), std::nullopt);
  EXPECT_EQ(hex_le(0x0102030405060708, 8), "0807060504030201");
  EXPECT_EQ(hex_le(0x41, 4), "41000000");
  EXPECT_EQ(parse_hex_le("0807060504030201", 8), 0x0102030405060708u);
  EXPECT_EQ(parse_hex_le("41000000", 4), 0x41u);
  EXPECT_EQ(parse_hex_le("4100000", 4), std::nullopt);
  EXPECT_EQ(parse_hex_le("410000xx", 4), std::nullopt);
}

TEST(PacketDecoder, SplitsPacketsAcksAndInterrupts) {
  const auto events = decode("+$g#67-\x03junk$m0,4#fd");
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].kind, Kind::kAck);
  EXPECT_EQ(events[1].kind, Kind::kPacket);
  EXPECT_EQ(events[1].payload, "g");
  EXPECT_EQ(events[2].kind, Kind::kNack);
  EXPECT_EQ(events[3].kind, Kind::kInterrupt);
  EXPECT_EQ(events[4].kind, Kind::kPacket);
  EXPECT_EQ(events[4].payload, "m0,4");
}

TEST(PacketDecoder, ReassemblesPacketsSplitAcrossReads) {
  PacketDecoder decoder;
  std::vector<PacketDecoder::Event> events;
  const std::string framed = frame_packet("qSupported:swbreak+");
  for (char c : framed) decoder.feed(std::string_view(&c, 1), events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, "qSupported:swbreak+");
}

TEST(PacketDecoder, RejectsBadChecksums) {
  auto events = decode("$g#00");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kBadChecksum);
  events = decode("$g#zz$g#67");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::kBadChecksum);
  EXPECT_EQ(events[1].kind, Kind::kPacket);
}

TEST(PacketDecoder, ReportsOversizedPacketsWithoutKeepingThem) {
  const std::string big(100, 'a');
  auto events = decode(frame_packet(big), 50);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kMalformed);
  events = decode(frame_packet("a*~"), 50);  // expands beyond the limit
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kMalformed);
}

TEST(PacketDecoder, RestartsOnANewDollarInsideAPacket) {
  const auto events = decode("$abc$g#67");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, "g");
}

TEST(PacketDecoder, ExpandsRunLengthInPackets) {
  const auto events = decode(frame_packet("0* "));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, "0000");
}

TEST(PacketDecoder, KeepsBinaryEscapesForTheDispatcher) {
  const std::string payload = "X80000000,1:}\x03";
  const auto events = decode(frame_packet(payload));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, payload);
}

}  // namespace
}  // namespace rvscope::gdb
