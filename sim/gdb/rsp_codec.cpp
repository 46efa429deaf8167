// GDB remote serial protocol codec: framing, checksums, escapes, run-length and hex helpers.
#include "sim/gdb/rsp_codec.hpp"

namespace rvscope::gdb {

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
constexpr u8 kEscape = '}';
constexpr u8 kEscapeXor = 0x20;
constexpr int kRleBias = 29;  // count char c repeats the previous char c - 29 more times

bool needs_escape(char c) { return c == '$' || c == '#' || c == '}' || c == '*'; }
}  // namespace

u8 checksum(std::string_view data) {
  u8 sum = 0;
  for (char c : data) sum = static_cast<u8>(sum + static_cast<u8>(c));
  return sum;
}

std::string frame_packet(std::string_view payload) {
  const u8 sum = checksum(payload);
  std::string out;
  out.reserve(payload.size() + 4);
  out += '$';
  out += payload;
  out += '#';
  out += kHexDigits[sum >> 4];
  out += kHexDigits[sum & 0xf];
  return out;
}

std::string escape_binary(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  for (char c : data) {
    if (needs_escape(c)) {
      out += static_cast<char>(kEscape);
      out += static_cast<char>(c ^ kEscapeXor);
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> unescape_binary(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (static_cast<u8>(data[i]) == kEscape) {
      if (++i == data.size()) return std::nullopt;
      out += static_cast<char>(data[i] ^ kEscapeXor);
    } else {
      out += data[i];
    }
  }
  return out;
}

std::optional<std::string> expand_rle(std::string_view data, std::size_t max_size) {
  std::string out;
  out.reserve(data.size());
  bool after_escape = false;  // the byte after '}' is data, never an RLE marker
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (c == '*' && !after_escape) {
      if (out.empty() || i + 1 == data.size()) return std::nullopt;
      const int count = static_cast<u8>(data[++i]) - kRleBias;
      // gdb never uses counts that would produce '#' or '$'; anything below 3 is invalid.
      if (count < 3 || count > 97) return std::nullopt;
      if (out.size() + static_cast<std::size_t>(count) > max_size) return std::nullopt;
      out.append(static_cast<std::size_t>(count), out.back());
      continue;
    }
    after_escape = !after_escape && static_cast<u8>(c) == kEscape;
    if (out.size() + 1 > max_size) return std::nullopt;
    out += c;
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string to_hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const u8 b = static_cast<u8>(c);
    out += kHexDigits[b >> 4];
    out += kHexDigits[b & 0xf];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_digit(hex[i]);
    const int lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>((hi << 4) | lo);
  }
  return out;
}

std::optional<u64> parse_hex_number(std::string_view hex) {
  if (hex.empty() || hex.size() > 16) return std::nullopt;
  u64 value = 0;
  for (char c : hex) {
    const int d = hex_digit(c);
    if (d < 0) return std::nullopt;
    value = (value << 4) | static_cast<u64>(d);
  }
  return value;
}

std::string hex_le(u64 value, unsigned bytes) {
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned i = 0; i < bytes; ++i) {
    const u8 b = static_cast<u8>(i < 8 ? value >> (8 * i) : 0);
    out += kHexDigits[b >> 4];
    out += kHexDigits[b & 0xf];
  }
  return out;
}

std::optional<u64> parse_hex_le(std::string_view hex, unsigned bytes) {
  if (bytes == 0 || bytes > 8 || hex.size() != 2 * static_cast<std::size_t>(bytes)) {
    return std::nullopt;
  }
  u64 value = 0;
  for (unsigned i = 0; i < bytes; ++i) {
    const int hi = hex_digit(hex[2 * i]);
    const int lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    value |= static_cast<u64>((hi << 4) | lo) << (8 * i);
  }
  return value;
}

void PacketDecoder::reset() {
  state_ = State::kIdle;
  body_.clear();
  overflow_ = false;
  sum_ = 0;
  checksum_hi_ = 0;
}

void PacketDecoder::feed(std::string_view bytes, std::vector<Event>& out) {
  for (char c : bytes) {
    switch (state_) {
      case State::kIdle:
        if (c == '$') {
          state_ = State::kBody;
          body_.clear();
          overflow_ = false;
          sum_ = 0;
        } else if (c == '+') {
          out.push_back({Kind::kAck, {}});
        } else if (c == '-') {
          out.push_back({Kind::kNack, {}});
        } else if (c == '\x03') {
          out.push_back({Kind::kInterrupt, {}});
        }
        break;  // anything else between packets is line noise
      case State::kBody:
        if (c == '#') {
          state_ = State::kChecksum1;
        } else if (c == '$') {
          // A new start inside a packet: gdb gave up on the old one and restarted.
          body_.clear();
          overflow_ = false;
          sum_ = 0;
        } else {
          sum_ = static_cast<u8>(sum_ + static_cast<u8>(c));
          if (body_.size() < max_size_) {
            body_ += c;
          } else {
            overflow_ = true;
          }
        }
        break;
      case State::kChecksum1:
        checksum_hi_ = hex_digit(c);
        state_ = State::kChecksum2;
        break;
      case State::kChecksum2: {
        const int lo = hex_digit(c);
        state_ = State::kIdle;
        if (checksum_hi_ < 0 || lo < 0 || ((checksum_hi_ << 4) | lo) != sum_) {
          out.push_back({Kind::kBadChecksum, {}});
        } else if (overflow_) {
          out.push_back({Kind::kMalformed, {}});
        } else if (auto expanded = expand_rle(body_, max_size_)) {
          out.push_back({Kind::kPacket, std::move(*expanded)});
        } else {
          out.push_back({Kind::kMalformed, {}});
        }
        body_.clear();
        break;
      }
    }
  }
}

}  // namespace rvscope::gdb
