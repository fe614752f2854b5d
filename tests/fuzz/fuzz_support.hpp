#pragma once
// What the fuzz targets share: a finding is an abort() with the reason on
// stderr (libFuzzer then saves the input), and values compare with NaN equal
// to NaN, because a round trip must keep a NaN a NaN.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "gymcc/value.hpp"

namespace gymcc::fuzz {

[[noreturn]] inline void fail(std::string_view why, std::string_view detail = {}) {
  std::fprintf(stderr, "FUZZ FINDING: %.*s\n%.*s\n", static_cast<int>(why.size()), why.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline bool same_double(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Value equality, except that NaNs (of any payload) are equal.
inline bool same(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kFloat:
      return same_double(a.as_float(), b.as_float());
    case Value::Kind::kArray: {
      const Array& x = a.as_array();
      const Array& y = b.as_array();
      if (x.dtype != y.dtype || x.shape != y.shape || x.data.size() != y.data.size()) return false;
      for (std::size_t i = 0; i < x.data.size(); ++i) {
        if (!same_double(x.data[i], y.data[i])) return false;
      }
      return true;
    }
    case Value::Kind::kList: {
      const List& x = a.as_list();
      const List& y = b.as_list();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!same(x[i], y[i])) return false;
      }
      return true;
    }
    case Value::Kind::kDict: {
      const Dict& x = a.as_dict();
      const Dict& y = b.as_dict();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (x[i].first != y[i].first || !same(x[i].second, y[i].second)) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

// Whether a float anywhere in `v` is infinite or NaN (JSON has no literal
// for those that our parser reads back).
inline bool has_non_finite(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kFloat:
      return !std::isfinite(v.as_float());
    case Value::Kind::kArray:
      for (double d : v.as_array().data) {
        if (!std::isfinite(d)) return true;
      }
      return false;
    case Value::Kind::kList:
      for (const Value& item : v.as_list()) {
        if (has_non_finite(item)) return true;
      }
      return false;
    case Value::Kind::kDict:
      for (const auto& [key, item] : v.as_dict()) {
        if (has_non_finite(item)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace gymcc::fuzz
