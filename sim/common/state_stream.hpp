// StateWriter / StateReader: the byte streams snapshots are made of (fixed-width values in
// host order, byte blocks, counted vectors); a short or inconsistent read is a SimError
// naming the part being read, never a read past the end.
#pragma once

#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/common/error.hpp"
#include "sim/common/types.hpp"

namespace rvscope {

class StateWriter {
 public:
  template <typename T>
  requires std::is_trivially_copyable_v<T>
  void put(const T& value) { put_bytes(&value, sizeof(T)); }
  void put_bytes(const void* data, std::size_t len) {
    if (len == 0) return;
    const auto* p = static_cast<const u8*>(data);
    bytes_.insert(bytes_.end(), p, p + len);
  }
  template <typename T>
  requires std::is_trivially_copyable_v<T>
  void put_vector(const std::vector<T>& values) {
    put<u64>(values.size());
    put_bytes(values.data(), values.size() * sizeof(T));
  }
  void put_bools(const std::vector<bool>& values) {
    put<u64>(values.size());
    for (const bool b : values) put<u8>(b ? 1 : 0);
  }
  void put_string(const std::string& text) {
    put<u64>(text.size());
    put_bytes(text.data(), text.size());
  }
  std::vector<u8>& bytes() { return bytes_; }
  const std::vector<u8>& bytes() const { return bytes_; }

 private:
  std::vector<u8> bytes_;
};

class StateReader {
 public:
  // `what` names the data in errors: "snapshot 'f.snap', section HART".
  StateReader(std::span<const u8> data, std::string what) : data_(data), what_(std::move(what)) {}

  template <typename T>
  requires std::is_trivially_copyable_v<T> T get() {
    T value;
    get_bytes(&value, sizeof(T));
    return value;
  }
  template <typename T>
  requires std::is_trivially_copyable_v<T>
  void get(T& value) { get_bytes(&value, sizeof(T)); }
  void get_bytes(void* out, std::size_t len) {
    if (len > data_.size() - pos_) {
      fail("{}: ends after {} bytes, {} more needed", what_, data_.size(), len - remaining());
    }
    if (len == 0) return;  // an empty vector's data() may be null, which memcpy must not get
    std::memcpy(out, data_.data() + pos_, len);
    pos_ += len;
  }
  // A vector whose length the machine fixes (a PLIC's sources): any other count is an error.
  template <typename T>
  requires std::is_trivially_copyable_v<T>
  void get_vector(std::vector<T>& values, std::string_view field) {
    check_count(get<u64>(), values.size(), field);
    get_bytes(values.data(), values.size() * sizeof(T));
  }
  void get_bools(std::vector<bool>& values, std::string_view field) {
    check_count(get<u64>(), values.size(), field);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = get<u8>() != 0;
  }
  std::string get_string(std::string_view field) {
    const u64 len = get<u64>();
    if (len > remaining())
      fail("{}: {} is {} bytes long, only {} remain", what_, field, len, remaining());
    std::string text(len, '\0');
    get_bytes(text.data(), len);
    return text;
  }
  // A value that must be 0 or 1, or below `limit`.
  template <typename T>
  T get_below(u64 limit, std::string_view field) {
    const T value = get<T>();
    if (static_cast<u64>(value) >= limit) {
      fail("{}: {} is {}, must be below {}", what_, field, static_cast<u64>(value), limit);
    }
    return value;
  }
  std::size_t remaining() const { return data_.size() - pos_; }
  void expect_end() const {
    if (remaining() != 0) fail("{}: {} unexpected bytes at the end", what_, remaining());
  }
  const std::string& what() const { return what_; }

 private:
  void check_count(u64 got, std::size_t want, std::string_view field) const {
    if (got != want) fail("{}: {} has {} entries, this machine has {}", what_, field, got, want);
  }

  std::span<const u8> data_;
  std::size_t pos_ = 0;
  std::string what_;
};

}  // namespace rvscope
