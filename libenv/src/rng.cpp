// Out-of-line parts of gymcc/rng.hpp: seed arithmetic, SeedSequence, PCG64
// seeding and the rare ziggurat paths. See rng.hpp for what is being matched.

#include "gymcc/rng.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gymcc {

namespace detail {

void ThrowLowNotBelowHigh() { throw std::invalid_argument("low >= high"); }

void ThrowUniformRangeNotFinite() {
  throw std::overflow_error("high - low range exceeds valid bounds");
}

}  // namespace detail

namespace {

// Decimal conversion works in base 10^9, the largest power of ten below 2^32.
constexpr std::size_t kDecimalChunkDigits = 9;
constexpr std::uint32_t kDecimalChunkBase = 1'000'000'000;
constexpr std::array<std::uint32_t, kDecimalChunkDigits + 1> kPowersOfTen = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000};

// words = words * factor + addend, on little-endian 32-bit words.
void MultiplyAdd(std::vector<std::uint32_t>& words, std::uint32_t factor, std::uint32_t addend) {
  std::uint64_t carry = addend;
  for (std::uint32_t& word : words) {
    const std::uint64_t product = std::uint64_t{word} * factor + carry;
    word = static_cast<std::uint32_t>(product);
    carry = product >> 32;
  }
  if (carry != 0) words.push_back(static_cast<std::uint32_t>(carry));
}

// numpy SeedSequence constants (bit_generator.pyx).
constexpr std::size_t kPoolSize = 4;
constexpr std::uint32_t kHashInitA = 0x43b0d7e5;
constexpr std::uint32_t kHashMultA = 0x931e8875;
constexpr std::uint32_t kHashInitB = 0x8b51f9dd;
constexpr std::uint32_t kHashMultB = 0x58f38ded;
constexpr std::uint32_t kMixMultL = 0xca01f9dd;
constexpr std::uint32_t kMixMultR = 0x4973f715;
constexpr int kXorShift = 16;

// numpy's hashmix: its multiplier evolves with every call, so one instance
// must be threaded through the whole entropy mixing, in numpy's call order.
class HashMix {
 public:
  std::uint32_t operator()(std::uint32_t value) {
    value ^= multiplier_;
    multiplier_ *= kHashMultA;
    value *= multiplier_;
    value ^= value >> kXorShift;
    return value;
  }

 private:
  std::uint32_t multiplier_ = kHashInitA;
};

std::uint32_t Mix(std::uint32_t x, std::uint32_t y) {
  std::uint32_t result = kMixMultL * x - kMixMultR * y;
  result ^= result >> kXorShift;
  return result;
}

// numpy's buffered_uint8: four 8-bit draws per 32-bit word, low byte first.
// numpy keeps this buffer per call of integers(), not in the generator.
class ByteSource {
 public:
  explicit ByteSource(Pcg64& bits) : bits_(bits) {}

  std::uint8_t next() {
    if (bytes_left_ == 0) {
      buffer_ = bits_.next32();
      bytes_left_ = 3;
    } else {
      buffer_ >>= 8;
      --bytes_left_;
    }
    return static_cast<std::uint8_t>(buffer_);
  }

 private:
  Pcg64& bits_;
  std::uint32_t buffer_ = 0;
  int bytes_left_ = 0;
};

// numpy random_buffered_bounded_uint8 (Lemire variant): a value in
// [0, range]. range == 0 consumes nothing, as in numpy.
std::uint8_t BoundedByte(ByteSource& source, std::uint8_t range) {
  if (range == 0) return 0;
  if (range == 0xFF) return source.next();
  const unsigned outcomes = range + 1U;
  unsigned product = source.next() * outcomes;
  unsigned leftover = product & 0xFFU;
  if (leftover < outcomes) {
    const unsigned threshold = (0xFFU - range) % outcomes;
    while (leftover < threshold) {
      product = source.next() * outcomes;
      leftover = product & 0xFFU;
    }
  }
  return static_cast<std::uint8_t>(product >> 8);
}

}  // namespace

// ---- Seed -------------------------------------------------------------------

Seed::Seed(std::uint64_t value)
    : Seed(std::vector<std::uint32_t>{static_cast<std::uint32_t>(value),
                                      static_cast<std::uint32_t>(value >> 32)}) {}

Seed::Seed(std::vector<std::uint32_t> words) : words_(std::move(words)) {
  while (words_.size() > 1 && words_.back() == 0) words_.pop_back();
  if (words_.empty()) words_.push_back(0);
}

std::optional<Seed> Seed::from_decimal(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::vector<std::uint32_t> words{0};
  // The first chunk takes the leftover digits so the rest are full chunks.
  std::size_t chunk = digits.size() % kDecimalChunkDigits;
  if (chunk == 0) chunk = kDecimalChunkDigits;
  for (std::size_t pos = 0; pos < digits.size(); pos += chunk, chunk = kDecimalChunkDigits) {
    std::uint32_t value = 0;
    for (const char c : digits.substr(pos, chunk)) {
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    MultiplyAdd(words, kPowersOfTen[chunk], value);
  }
  return Seed(std::move(words));
}

std::string Seed::to_decimal() const {
  // Repeated division by 10^9 yields base-10^9 digits, least significant first.
  std::vector<std::uint32_t> quotient = words_;
  std::vector<std::uint32_t> chunks;
  do {
    std::uint64_t remainder = 0;
    for (std::size_t i = quotient.size(); i-- > 0;) {
      const std::uint64_t current = (remainder << 32) | quotient[i];
      quotient[i] = static_cast<std::uint32_t>(current / kDecimalChunkBase);
      remainder = current % kDecimalChunkBase;
    }
    chunks.push_back(static_cast<std::uint32_t>(remainder));
    while (quotient.size() > 1 && quotient.back() == 0) quotient.pop_back();
  } while (quotient.size() > 1 || quotient[0] != 0);

  std::string out = std::to_string(chunks.back());
  for (std::size_t i = chunks.size() - 1; i-- > 0;) {
    const std::string chunk = std::to_string(chunks[i]);
    out.append(kDecimalChunkDigits - chunk.size(), '0');
    out += chunk;
  }
  return out;
}

// ---- SeedSequence -------------------------------------------------------------

SeedSequence::SeedSequence(const Seed& entropy) {
  const std::span<const std::uint32_t> words = entropy.words();
  HashMix hashmix;
  // Short entropy is padded by hashing zeros.
  for (std::size_t i = 0; i < kPoolSize; ++i) {
    pool_[i] = hashmix(i < words.size() ? words[i] : 0);
  }
  // Mix every pool word into every other so late words affect early ones.
  for (std::size_t src = 0; src < kPoolSize; ++src) {
    for (std::size_t dst = 0; dst < kPoolSize; ++dst) {
      if (src != dst) pool_[dst] = Mix(pool_[dst], hashmix(pool_[src]));
    }
  }
  // Entropy beyond the pool is folded into every pool word.
  for (std::size_t src = kPoolSize; src < words.size(); ++src) {
    for (std::size_t dst = 0; dst < kPoolSize; ++dst) {
      pool_[dst] = Mix(pool_[dst], hashmix(words[src]));
    }
  }
}

void SeedSequence::generate_state(std::span<std::uint32_t> out) const {
  std::uint32_t multiplier = kHashInitB;
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::uint32_t value = pool_[i % kPoolSize] ^ multiplier;
    multiplier *= kHashMultB;
    value *= multiplier;
    value ^= value >> kXorShift;
    out[i] = value;
  }
}

std::array<std::uint64_t, 4> SeedSequence::generate_state_u64x4() const {
  // numpy views the uint32 words as little-endian uint64.
  std::array<std::uint32_t, 8> words{};
  generate_state(words);
  std::array<std::uint64_t, 4> out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = words[2 * i] | (std::uint64_t{words[2 * i + 1]} << 32);
  }
  return out;
}

// ---- Pcg64 --------------------------------------------------------------------

Pcg64::Pcg64(const SeedSequence& seq) {
  // numpy pcg64_set_seed -> pcg_setseq_128_srandom_r.
  const std::array<std::uint64_t, 4> seed = seq.generate_state_u64x4();
  const detail::Uint128 initial_state = (detail::Uint128{seed[0]} << 64) | seed[1];
  const detail::Uint128 sequence = (detail::Uint128{seed[2]} << 64) | seed[3];
  increment_ = (sequence << 1) | 1;
  state_ = 0;
  step();
  state_ += initial_state;
  step();
}

// ---- Generator ----------------------------------------------------------------

Generator::Generator(const Seed& seed) : bits_(SeedSequence(seed)) {}

Generator Generator::from_entropy() {
  // np.random.default_rng() seeds SeedSequence with a 128-bit random integer.
  std::random_device device;
  std::vector<std::uint32_t> words(4);
  for (std::uint32_t& word : words) word = static_cast<std::uint32_t>(device());
  return Generator(Seed(std::move(words)));
}

void Generator::integers(std::int64_t high, std::span<std::int64_t> out) {
  // numpy returns an empty array before validating the bounds.
  if (out.empty()) return;
  if (high < 1) detail::ThrowLowNotBelowHigh();
  for (std::int64_t& value : out) value = offset_draw(0, high);
}

void Generator::integers_int8(std::int8_t low, std::int8_t high, std::span<std::int8_t> out) {
  if (out.empty()) return;
  if (low >= high) detail::ThrowLowNotBelowHigh();
  // As in numpy: draw in [0, high - 1 - low] and add low, wrapping in uint8.
  const auto range = static_cast<std::uint8_t>(high - 1 - low);
  const auto offset = static_cast<std::uint8_t>(low);
  ByteSource source(bits_);
  for (std::int8_t& value : out) {
    const auto drawn = static_cast<std::uint8_t>(offset + BoundedByte(source, range));
    value = static_cast<std::int8_t>(drawn);
  }
}

double Generator::standard_normal_unlikely(std::size_t layer, std::uint64_t magnitude, double x) {
  if (layer == 0) {
    // Beyond the base strip: Marsaglia's tail method. numpy uses 1 - U (as
    // log1p(-U)) so that U == 0 cannot reach log(0).
    for (;;) {
      const double xx = -detail::kNormalTailStartInverse * std::log1p(-random());
      const double yy = -std::log1p(-random());
      if (yy + yy > xx * xx) {
        // The sign comes from magnitude bit 8, not the sign bit: numpy's choice.
        return ((magnitude >> 8) & 1) ? -(detail::kNormalTailStart + xx)
                                      : detail::kNormalTailStart + xx;
      }
    }
  }
  const double upper = detail::kNormalLayerDensities[layer - 1];
  const double lower = detail::kNormalLayerDensities[layer];
  if ((upper - lower) * random() + lower < std::exp(-0.5 * x * x)) return x;
  // Rejected: numpy starts over with a fresh 64-bit word.
  return standard_normal();
}

double Generator::standard_exponential_unlikely(std::size_t layer, double x) {
  if (layer == 0) {
    return detail::kExponentialTailStart - std::log1p(-random());
  }
  const double upper = detail::kExponentialLayerDensities[layer - 1];
  const double lower = detail::kExponentialLayerDensities[layer];
  if ((upper - lower) * random() + lower < std::exp(-x)) return x;
  return standard_exponential();
}

}  // namespace gymcc
