// GDB remote serial protocol codec: framing, checksums, escapes, run-length and hex helpers.
// Pure functions and one byte-stream decoder with no I/O, so they can be unit-tested and fuzzed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/common/types.hpp"

namespace rvscope::gdb {

// Largest packet payload we accept or send (advertised as PacketSize in qSupported).
inline constexpr std::size_t kMaxPacketSize = 16384;

// Sum of the bytes modulo 256, as carried after '#'.
u8 checksum(std::string_view data);

// "$payload#cs". The payload must already be escaped if it carries binary data.
std::string frame_packet(std::string_view payload);

// Binary-data escaping: '$', '#', '}' and '*' become '}' followed by the byte XOR 0x20.
std::string escape_binary(std::string_view data);
// Reverses escape_binary; nullopt when the data ends in a lone '}'.
std::optional<std::string> unescape_binary(std::string_view data);

// Expands run-length encoding ("X*" followed by a count char c repeating X c-29 more times).
// nullopt when malformed ('*' with nothing before it, bad count) or longer than max_size.
std::optional<std::string> expand_rle(std::string_view data, std::size_t max_size);

// Hex digit value, or -1.
int hex_digit(char c);
// Bytes to lowercase hex, two digits per byte.
std::string to_hex(std::string_view bytes);
// Hex pairs to bytes; nullopt on odd length or a non-hex digit.
std::optional<std::string> from_hex(std::string_view hex);
// A number written most significant digit first ("1f" = 31), 1..16 digits.
std::optional<u64> parse_hex_number(std::string_view hex);
// A register value in target (little-endian) byte order, `bytes` bytes wide.
std::string hex_le(u64 value, unsigned bytes);
// Parses exactly 2*bytes hex digits in little-endian byte order.
std::optional<u64> parse_hex_le(std::string_view hex, unsigned bytes);

// Splits the byte stream from gdb into packets, acks and interrupt requests. Garbage outside
// a packet is skipped; a packet that is too long or undecodable is reported, never kept.
class PacketDecoder {
 public:
  enum class Kind {
    kPacket,       // a checksum-valid packet; payload is RLE-expanded (binary still escaped)
    kBadChecksum,  // checksum mismatch or non-hex checksum digits
    kMalformed,    // oversized packet or bad run-length encoding
    kAck,          // '+'
    kNack,         // '-': resend the last packet
    kInterrupt,    // 0x03 (Ctrl-C) outside a packet
  };
  struct Event {
    Kind kind;
    std::string payload;
  };

  explicit PacketDecoder(std::size_t max_size = kMaxPacketSize) : max_size_(max_size) {}

  // Consumes bytes and appends the events they complete, in order.
  void feed(std::string_view bytes, std::vector<Event>& out);
  void reset();

 private:
  enum class State { kIdle, kBody, kChecksum1, kChecksum2 };
  std::size_t max_size_;
  State state_ = State::kIdle;
  std::string body_;
  bool overflow_ = false;
  u8 sum_ = 0;
  int checksum_hi_ = 0;
};

}  // namespace rvscope::gdb
