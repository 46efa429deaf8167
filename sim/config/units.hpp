// Parsing and printing of the numbers a config holds: integers (decimal, hex, binary),
// byte sizes with binary units (128MiB, "2 GiB") and frequencies with SI units (1.5GHz).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/common/types.hpp"

namespace rvscope {

// Decimal, 0x hex or 0b binary, '_' allowed between digits; no sign. nullopt when malformed
// or above 2^64-1.
std::optional<u64> parse_uint(std::string_view text);

// A byte count: a plain integer (bytes), or a number with a unit K/KiB, M/MiB, G/GiB, T/TiB
// (all powers of 1024, case-insensitive, optional space before the unit) or B. A fraction
// ("1.5GiB") is accepted when it comes to a whole number of bytes. The decimal units KB/MB/
// GB/TB are rejected as ambiguous. nullopt when malformed, fractional or out of range.
std::optional<u64> parse_size(std::string_view text);

// A frequency in Hz: a plain integer, or a number with Hz, kHz, MHz or GHz (powers of 1000,
// case-insensitive). Fractions are accepted when they come to whole Hz ("1.5GHz").
std::optional<u64> parse_frequency(std::string_view text);

// True when `text` ends in a decimal byte unit (KB, MB, GB, TB) that parse_size rejects.
bool has_ambiguous_size_unit(std::string_view text);

// The shortest exact spelling: "128MiB", "4KiB", "1000B" (bytes when no unit divides).
std::string format_size(u64 bytes);
// "1GHz", "10MHz", "32768Hz".
std::string format_frequency(u64 hz);

}  // namespace rvscope
