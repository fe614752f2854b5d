#pragma once
// Gymnasium's spaces as one runtime type. Each space owns its own Generator,
// seeded as gymnasium seeds it, so that `seed(s)` then `sample()` gives the
// same draws as `space.seed(s); space.sample()` in Python.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gymcc/rng.hpp"
#include "gymcc/value.hpp"

namespace gymcc {

class Space {
 public:
  enum class Kind { kDiscrete, kBox, kMultiDiscrete, kMultiBinary, kTuple, kDict };

  static Space discrete(std::int64_t n, std::int64_t start = 0);
  // Bounds are rounded to the dtype, as numpy's astype does.
  static Space box(double low, double high, Shape shape, DType dtype);
  static Space box(std::vector<double> low, std::vector<double> high, Shape shape, DType dtype);
  static Space multi_discrete(std::vector<std::int64_t> nvec, std::vector<std::int64_t> start = {});
  static Space multi_binary(std::int64_t n);
  static Space tuple(std::vector<Space> spaces);
  // Keys are sorted, as gymnasium's Dict sorts a plain dict's keys.
  static Space dict(std::vector<std::pair<std::string, Space>> spaces);

  Kind kind() const noexcept { return kind_; }
  std::string_view name() const noexcept;
  const Shape& shape() const noexcept { return shape_; }
  DType dtype() const noexcept { return dtype_; }
  std::int64_t n() const noexcept { return n_; }                      // Discrete, MultiBinary
  std::int64_t start() const noexcept { return start_; }              // Discrete
  const std::vector<double>& low() const noexcept { return low_; }    // Box
  const std::vector<double>& high() const noexcept { return high_; }  // Box
  const std::vector<std::int64_t>& nvec() const noexcept { return nvec_; }
  const std::vector<std::int64_t>& starts() const noexcept { return starts_; }
  const std::vector<Space>& spaces() const noexcept { return children_; }
  const std::vector<std::string>& keys() const noexcept { return keys_; }

  // gymnasium's `space.contains(x)`, for x as JSON delivers it. Stricter in
  // one place: booleans are not integers here.
  bool contains(const Value& x) const;

  // Why `x` cannot be an action of this space, or nullopt if it can. Box
  // actions need the right shape and finite-or-inf numbers but may lie out of
  // bounds: gymnasium passes those to the env, which clips (or not) itself.
  std::optional<std::string> action_problem(const Value& x) const;

  // gymnasium's `space.seed(seed)`, including Tuple/Dict sub-seeding.
  void seed(const Seed& seed);
  // gymnasium's `space.sample()`; seeds from entropy if never seeded.
  Value sample();

  // The sampler's generator state, for snapshots (snapshot.hpp): null if
  // never seeded, else {"rng": <PCG64 state>, "spaces": [child states]}.
  Value sampler_state() const;
  // Restores what sampler_state() gave; throws Error(kInvalidState) for a
  // value of the wrong form, leaving the space unchanged.
  void set_sampler_state(const Value& state);

  // The JSON description: {"name", "n"?, "shape", "low"?, "high"?, "dtype",
  // "start"?, "nvec"?, "spaces"?}, ±inf left for the writer to encode.
  Value describe() const;
  // A short human form, e.g. "Box(4,) float32" or "Discrete(2)".
  std::string to_string() const;

  friend bool operator==(const Space& a, const Space& b) { return a.same_definition(b); }

 private:
  Space() = default;
  Generator& rng();
  bool same_definition(const Space& other) const;
  void sample_box(Array& out);

  Kind kind_ = Kind::kDiscrete;
  DType dtype_ = DType::kInt64;
  Shape shape_;
  std::int64_t n_ = 0;
  std::int64_t start_ = 0;
  std::vector<double> low_, high_;
  std::vector<std::int64_t> nvec_, starts_;
  std::vector<Space> children_;
  std::vector<std::string> keys_;
  std::optional<Generator> rng_;
};

}  // namespace gymcc
