#pragma once
// An Array element (held as a double) as its dtype's integer type, for the
// writers of arrays (JSON, MessagePack).

#include <limits>

namespace gymcc::detail {

// Toward zero like a cast, but out-of-range values saturate and NaN is 0,
// where the cast is undefined: an int64 element near 2^63 is held as 2^63
// (found by fuzzing the MessagePack codec, tests/fuzz).
template <class T>
constexpr T integer_element(double element) noexcept {
  static_assert(std::numeric_limits<T>::is_integer);
  if (element != element) return 0;
  // max() as a double rounds up to a power of two for 64-bit types: >= is right for every T.
  if (element >= static_cast<double>(std::numeric_limits<T>::max())) {
    return std::numeric_limits<T>::max();
  }
  if (element <= static_cast<double>(std::numeric_limits<T>::min())) {
    return std::numeric_limits<T>::min();
  }
  return static_cast<T>(element);
}

}  // namespace gymcc::detail
