#pragma once
// How an observation (or action) type lays out in a flat buffer: the
// scalar types numpy views without copies, and whether a static env's type
// is one of them or is kept whole. Shared by the single env's flat step and
// the vector env's structure-of-arrays buffers.

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "gymcc/value.hpp"

namespace gymcc::detail {

template <class T>
inline constexpr bool kIsBufferScalar =
    std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, std::int64_t> ||
    std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int8_t> ||
    std::is_same_v<T, std::uint8_t>;

template <class T>
constexpr DType buffer_dtype() noexcept {
  if constexpr (std::is_same_v<T, float>) {
    return DType::kFloat32;
  } else if constexpr (std::is_same_v<T, double>) {
    return DType::kFloat64;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return DType::kInt64;
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    return DType::kInt32;
  } else if constexpr (std::is_same_v<T, std::int8_t>) {
    return DType::kInt8;
  } else {
    return DType::kUInt8;
  }
}

// How an observation (or action) type lays out in a batch buffer. A flat
// type — a scalar index or a std::array of numbers — packs as kSize scalars
// of type Element, so N of them form one numpy-compatible array; any other
// type is kept whole (Element = T) and batched through its Value.
template <class T>
struct FlatLayout {
  static constexpr bool kFlat = false;
  using Element = T;
  static constexpr std::size_t kSize = 1;
};

template <>
struct FlatLayout<std::int64_t> {
  static constexpr bool kFlat = true;
  using Element = std::int64_t;
  static constexpr std::size_t kSize = 1;
  static const Element* begin(const std::int64_t& x) noexcept { return &x; }
  static std::int64_t* begin(std::int64_t& x) noexcept { return &x; }
};

template <class T, std::size_t K>
requires kIsBufferScalar<T>
struct FlatLayout<std::array<T, K>> {
  static constexpr bool kFlat = true;
  using Element = T;
  static constexpr std::size_t kSize = K;
  static const Element* begin(const std::array<T, K>& x) noexcept { return x.data(); }
  static T* begin(std::array<T, K>& x) noexcept { return x.data(); }
};

}  // namespace gymcc::detail
