// Bit-exact port of numpy's default random machinery, as gymnasium uses it:
// Generator(PCG64(SeedSequence(seed))). Every draw here reproduces numpy 2's
// C implementation (numpy/random/bit_generator.pyx, src/pcg64/pcg64.h,
// src/distributions/distributions.c) bit for bit, including how many 32/64-bit
// words each draw consumes, because gymnasium's spaces and environments share
// one stream and any divergence shifts every later draw.

#ifndef GYMCC_RNG_HPP_
#define GYMCC_RNG_HPP_

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gymcc {

namespace detail {

// 128-bit arithmetic is a GCC/Clang extension; __extension__ keeps
// -Wpedantic quiet about it.
__extension__ typedef unsigned __int128 Uint128;

// numpy's ziggurat tables (ziggurat_constants.h), defined in
// ziggurat_tables.cpp. Names map to numpy's as: LayerThresholds = k*_double,
// LayerWidths = w*_double, LayerDensities = f*_double.
inline constexpr std::size_t kZigguratLayers = 256;
extern const std::array<std::uint64_t, kZigguratLayers> kNormalLayerThresholds;
extern const std::array<double, kZigguratLayers> kNormalLayerWidths;
extern const std::array<double, kZigguratLayers> kNormalLayerDensities;
extern const std::array<std::uint64_t, kZigguratLayers> kExponentialLayerThresholds;
extern const std::array<double, kZigguratLayers> kExponentialLayerWidths;
extern const std::array<double, kZigguratLayers> kExponentialLayerDensities;

// numpy's ziggurat_nor_r, ziggurat_nor_inv_r and ziggurat_exp_r, with numpy's
// literals. The inverse is its own rounded literal, not 1.0 / r.
inline constexpr double kNormalTailStart = 3.6541528853610087963519472518;
inline constexpr double kNormalTailStartInverse = 0.27366123732975827203338247596;
inline constexpr double kExponentialTailStart = 7.6971174701310497140446280481;

// Out of line so that the inline draws stay small; numpy raises ValueError.
[[noreturn]] void ThrowLowNotBelowHigh();
[[noreturn]] void ThrowUniformRangeNotFinite();

}  // namespace detail

// Non-negative arbitrary-precision integer seed (numpy SeedSequence entropy).
class Seed {
 public:
  Seed() = default;  // zero
  explicit Seed(std::uint64_t value);

  // nullopt unless `digits` is non-empty and all decimal digits (leading
  // zeros are fine).
  static std::optional<Seed> from_decimal(std::string_view digits);

  // Little-endian 32-bit words without high zero words; {0} for zero. This is
  // exactly numpy's _coerce_to_uint32_array(seed).
  std::span<const std::uint32_t> words() const { return words_; }

  std::string to_decimal() const;

  friend bool operator==(const Seed&, const Seed&) = default;

 private:
  friend class Generator;  // from_entropy builds a seed from raw words.

  // Takes little-endian words and drops high zero words.
  explicit Seed(std::vector<std::uint32_t> words);

  // Invariant: never empty, and no high zero word unless it is the only one,
  // so that equal numbers compare equal and words() matches numpy.
  std::vector<std::uint32_t> words_{0};
};

// numpy.random.SeedSequence(entropy) without spawn key, pool size 4.
class SeedSequence {
 public:
  explicit SeedSequence(const Seed& entropy);

  // numpy generate_state(out.size(), np.uint32).
  void generate_state(std::span<std::uint32_t> out) const;

  // numpy generate_state(4, np.uint64), as PCG64 seeds itself.
  std::array<std::uint64_t, 4> generate_state_u64x4() const;

 private:
  std::array<std::uint32_t, 4> pool_{};
};

// numpy.random.PCG64: PCG XSL-RR 128/64, plus the 32-bit half buffer numpy
// keeps in the bit generator across calls.
class Pcg64 {
 public:
  explicit Pcg64(const SeedSequence& seq);

  std::uint64_t next64() {
    step();
    const auto high = static_cast<std::uint64_t>(state_ >> 64);
    const auto low = static_cast<std::uint64_t>(state_);
    return std::rotr(high ^ low, static_cast<int>(state_ >> 122));
  }

  // numpy serves 32-bit draws from halves of one 64-bit word: the low half
  // now, the high half on the next 32-bit request, however many 64-bit draws
  // happen in between.
  std::uint32_t next32() {
    if (has_buffered_half_) {
      has_buffered_half_ = false;
      return buffered_half_;
    }
    const std::uint64_t word = next64();
    buffered_half_ = static_cast<std::uint32_t>(word >> 32);
    has_buffered_half_ = true;
    return static_cast<std::uint32_t>(word);
  }

  double next_double() { return static_cast<double>(next64() >> 11) * 0x1.0p-53; }

  // numpy's `bit_generator.state`: {"state": {"state", "inc"}, "has_uint32",
  // "uinteger"}. `inc` is odd for every generator PCG64 builds; set_state
  // takes the caller's word for that (snapshot.cpp checks it).
  struct State {
    detail::Uint128 state = 0;
    detail::Uint128 inc = 1;
    bool has_uint32 = false;
    std::uint32_t uinteger = 0;
  };
  State state() const noexcept {
    return State{state_, increment_, has_buffered_half_, buffered_half_};
  }
  void set_state(const State& s) noexcept {
    state_ = s.state;
    increment_ = s.inc;
    has_buffered_half_ = s.has_uint32;
    buffered_half_ = s.uinteger;
  }

 private:
  static constexpr detail::Uint128 kMultiplier =
      (detail::Uint128{2549297995355413924ULL} << 64) | detail::Uint128{4865540595714422341ULL};

  void step() { state_ = state_ * kMultiplier + increment_; }

  detail::Uint128 state_ = 0;
  detail::Uint128 increment_ = 0;
  std::uint32_t buffered_half_ = 0;
  bool has_buffered_half_ = false;
};

// numpy.random.Generator over PCG64.
class Generator {
 public:
  explicit Generator(const Seed& seed);  // Generator(PCG64(SeedSequence(seed)))

  // Seeds from 128 bits of std::random_device, like np.random.default_rng().
  static Generator from_entropy();

  double random() { return bits_.next_double(); }

  // low + (high - low) * random(); throws std::overflow_error, as numpy
  // does, when high - low is not finite.
  double uniform(double low, double high) {
    const double range = high - low;
    if (!std::isfinite(range)) detail::ThrowUniformRangeNotFinite();
    return low + range * random();
  }

  // integers(high) with numpy's default int64 dtype: [0, high). Throws
  // std::invalid_argument unless high >= 1.
  std::int64_t integers(std::int64_t high) { return integers(0, high); }

  // integers(low, high): [low, high). Throws std::invalid_argument unless
  // low < high.
  std::int64_t integers(std::int64_t low, std::int64_t high) {
    if (low >= high) detail::ThrowLowNotBelowHigh();
    return offset_draw(low, high);
  }

  // integers(high, size=out.size()).
  void integers(std::int64_t high, std::span<std::int64_t> out);

  // integers(low, high, size=out.size(), dtype=np.int8): numpy's buffered
  // 8-bit path, four draws per 32-bit word, with a buffer local to the call.
  void integers_int8(std::int8_t low, std::int8_t high, std::span<std::int8_t> out);

  // standard_normal() / normal(): numpy's 256-layer ziggurat. One 64-bit
  // word is 8 layer bits, a sign bit and 52 magnitude bits; ~99.3% of draws
  // end in the rectangle test here.
  double standard_normal() {
    const std::uint64_t word = bits_.next64();
    const auto layer = static_cast<std::size_t>(word & 0xFF);
    const std::uint64_t magnitude = (word >> 9) & 0x000FFFFFFFFFFFFFULL;
    double x = static_cast<double>(magnitude) * detail::kNormalLayerWidths[layer];
    if ((word >> 8) & 1) x = -x;
    if (magnitude < detail::kNormalLayerThresholds[layer]) return x;
    return standard_normal_unlikely(layer, magnitude, x);
  }

  // standard_exponential() / exponential(): numpy's ziggurat, which drops the
  // 3 low bits, then takes 8 layer bits and 53 magnitude bits.
  double standard_exponential() {
    const std::uint64_t word = bits_.next64() >> 3;
    const auto layer = static_cast<std::size_t>(word & 0xFF);
    const std::uint64_t magnitude = word >> 8;
    const double x = static_cast<double>(magnitude) * detail::kExponentialLayerWidths[layer];
    if (magnitude < detail::kExponentialLayerThresholds[layer]) return x;
    return standard_exponential_unlikely(layer, x);
  }

  Pcg64& bit_generator() { return bits_; }
  const Pcg64& bit_generator() const { return bits_; }

 private:
  // numpy draws on the closed interval [0, high - 1 - low] and adds low, all
  // in wrapping unsigned 64-bit arithmetic.
  std::int64_t offset_draw(std::int64_t low, std::int64_t high) {
    const std::uint64_t range =
        static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low) - 1;
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + bounded(range));
  }

  // numpy random_bounded_uint64_fill, Lemire variant (use_masked=False):
  // a value in [0, range].
  std::uint64_t bounded(std::uint64_t range) {
    if (range == 0) return 0;
    if (range < 0xFFFFFFFFULL) {
      return lemire32(static_cast<std::uint32_t>(range));
    }
    if (range == 0xFFFFFFFFULL) return bits_.next32();
    if (range == ~std::uint64_t{0}) return bits_.next64();
    return lemire64(range);
  }

  // Lemire's multiply-and-reject on a 32-bit draw.
  std::uint32_t lemire32(std::uint32_t range) {
    const std::uint32_t outcomes = range + 1;
    std::uint64_t product = std::uint64_t{bits_.next32()} * outcomes;
    auto leftover = static_cast<std::uint32_t>(product);
    if (leftover < outcomes) {
      const std::uint32_t threshold = (0xFFFFFFFFU - range) % outcomes;
      while (leftover < threshold) {
        product = std::uint64_t{bits_.next32()} * outcomes;
        leftover = static_cast<std::uint32_t>(product);
      }
    }
    return static_cast<std::uint32_t>(product >> 32);
  }

  // Lemire's multiply-and-reject on a 64-bit draw with a 128-bit product.
  std::uint64_t lemire64(std::uint64_t range) {
    const std::uint64_t outcomes = range + 1;
    detail::Uint128 product = detail::Uint128{bits_.next64()} * outcomes;
    auto leftover = static_cast<std::uint64_t>(product);
    if (leftover < outcomes) {
      const std::uint64_t threshold = (~std::uint64_t{0} - range) % outcomes;
      while (leftover < threshold) {
        product = detail::Uint128{bits_.next64()} * outcomes;
        leftover = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64);
  }

  // The ziggurat's rare paths (tail and wedge tests), out of line.
  double standard_normal_unlikely(std::size_t layer, std::uint64_t magnitude, double x);
  double standard_exponential_unlikely(std::size_t layer, double x);

  Pcg64 bits_;
};

}  // namespace gymcc

#endif  // GYMCC_RNG_HPP_
