// Checks gymcc's RNG against numpy, draw for draw and bit for bit. The
// reference vectors come from tests/tools/make_rng_vectors.py (see its
// docstring for the JSON conventions and the checksum used for long runs).

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <limits>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "gymcc/rng.hpp"

namespace {

namespace json = boost::json;
using gymcc::Generator;
using gymcc::Pcg64;
using gymcc::Seed;
using gymcc::SeedSequence;

const json::object& Vectors() {
  static const json::value vectors = [] {
    const std::string path = std::string(GYMCC_TEST_DATA_DIR) + "/rng_vectors.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
  }();
  return vectors.as_object();
}

std::string_view Text(const json::value& value) {
  const json::string& text = value.as_string();
  return {text.data(), text.size()};
}

// Decimal strings are parsed with std::from_chars, which is exact (Boost.JSON
// 1.81's own double parser is not).
template <typename Number>
Number ParseNumber(const json::value& value) {
  const std::string_view text = Text(value);
  Number number{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::runtime_error("bad number in vectors: " + std::string(text));
  }
  return number;
}

std::uint64_t U64(const json::value& value) { return ParseNumber<std::uint64_t>(value); }

// Doubles are compared by bit pattern, which is what "identical" means here.
std::uint64_t DoubleBits(double value) { return std::bit_cast<std::uint64_t>(value); }

std::uint64_t F64Bits(const json::value& value) { return DoubleBits(ParseNumber<double>(value)); }

std::int64_t I64(const json::value& value) { return value.to_number<std::int64_t>(); }

Seed SeedOf(const json::object& entry) {
  const std::optional<Seed> seed = Seed::from_decimal(Text(entry.at("seed")));
  if (!seed) throw std::runtime_error("bad seed in vectors");
  return *seed;
}

// The generator script's Horner hash over 64-bit draw patterns.
class Checksum {
 public:
  void add(std::uint64_t bits) { hash_ = hash_ * kMultiplier + bits; }
  std::uint64_t value() const { return hash_; }

 private:
  static constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  std::uint64_t hash_ = 0;
};

// Each seed entry's sections start from a fresh Generator(seed).
template <typename Check>
void ForEachSeed(Check check) {
  for (const json::value& entry : Vectors().at("seeds").as_array()) {
    const json::object& seed_entry = entry.as_object();
    INFO("seed " << Text(seed_entry.at("seed")));
    check(seed_entry);
  }
}

// A long run stored as a checksum plus its first values.
template <typename Draw>
std::vector<double> CheckDoubleRun(const json::object& section, Draw draw) {
  const auto count = static_cast<std::size_t>(I64(section.at("count")));
  const json::array& head = section.at("head").as_array();
  std::vector<double> values(count);
  Checksum checksum;
  for (std::size_t i = 0; i < count; ++i) {
    values[i] = draw();
    checksum.add(DoubleBits(values[i]));
    if (i < head.size()) {
      INFO("draw " << i);
      REQUIRE(DoubleBits(values[i]) == F64Bits(head[i]));
    }
  }
  CHECK(checksum.value() == U64(section.at("checksum")));
  return values;
}

// Ziggurat runs also list the draws that left the fast path (all tail draws,
// the first wedge draws); the tail count is recomputed from the values, since
// only the tail path returns values beyond the tail start.
template <typename Draw>
void CheckZigguratRun(const json::object& section, double tail_start, Draw draw) {
  const std::vector<double> values = CheckDoubleRun(section, draw);
  std::int64_t tails = 0;
  for (const double value : values) {
    if (std::fabs(value) >= tail_start) ++tails;
  }
  CHECK(tails == I64(section.at("tail_count")));
  for (const json::value& sample : section.at("slow_samples").as_array()) {
    const json::array& fields = sample.as_array();
    const auto index = static_cast<std::size_t>(I64(fields[0]));
    INFO("draw " << index << " (" << Text(fields[2]) << " path)");
    REQUIRE(index < values.size());
    CHECK(DoubleBits(values[index]) == F64Bits(fields[1]));
  }
}

TEST_CASE("Seed rejects anything but plain decimal digits", "[rng]") {
  for (const std::string_view bad : {"", "-1", "1x", "+1", " 1", "1 ", "0x10", "1.0", "1e3"}) {
    INFO("input '" << bad << "'");
    CHECK_FALSE(Seed::from_decimal(bad).has_value());
  }
}

TEST_CASE("Seed decimal round trip and words", "[rng]") {
  CHECK(Seed().to_decimal() == "0");
  CHECK(Seed() == Seed(0));
  CHECK(Seed::from_decimal("000") == Seed());
  CHECK(Seed::from_decimal("007") == Seed(7));
  CHECK(Seed::from_decimal("18446744073709551615") ==
        Seed(std::numeric_limits<std::uint64_t>::max()));
  CHECK(Seed(std::numeric_limits<std::uint64_t>::max()).to_decimal() == "18446744073709551615");
  CHECK(Seed(4294967296ULL).words().size() == 2);

  for (const std::string_view digits :
       {"1", "999999999", "1000000000", "4294967295", "4294967296",
        "340282366920938463463374607431768211459", "1234567890123456789012345678901234567890",
        "100000000000000000000000000000000000000000000000000000000000000001"}) {
    const std::optional<Seed> seed = Seed::from_decimal(digits);
    REQUIRE(seed.has_value());
    CHECK(seed->to_decimal() == digits);
  }

  ForEachSeed([](const json::object& entry) {
    const Seed seed = SeedOf(entry);
    CHECK(seed.to_decimal() == Text(entry.at("seed")));
    const json::array& expected = entry.at("words").as_array();
    REQUIRE(seed.words().size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CHECK(seed.words()[i] == I64(expected[i]));
    }
  });
}

TEST_CASE("SeedSequence generate_state matches numpy", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    const SeedSequence seq(SeedOf(entry));
    std::array<std::uint32_t, 8> words{};
    seq.generate_state(words);
    const json::array& expected32 = entry.at("seed_sequence_u32x8").as_array();
    for (std::size_t i = 0; i < words.size(); ++i) {
      CHECK(words[i] == I64(expected32[i]));
    }
    const std::array<std::uint64_t, 4> state = seq.generate_state_u64x4();
    const json::array& expected64 = entry.at("seed_sequence_u64x4").as_array();
    for (std::size_t i = 0; i < state.size(); ++i) {
      CHECK(state[i] == U64(expected64[i]));
    }
  });
}

TEST_CASE("Pcg64 next64 matches numpy random_raw", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Pcg64 bits(SeedSequence(SeedOf(entry)));
    for (const json::value& expected : entry.at("raw").as_array()) {
      CHECK(bits.next64() == U64(expected));
    }
  });
}

TEST_CASE("Pcg64 32-bit half buffer survives 64-bit draws", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Pcg64 bits(SeedSequence(SeedOf(entry)));
    const json::object& run = entry.at("bit_interleave").as_object();
    const std::string_view ops = Text(run.at("ops"));
    const json::array& out = run.at("out").as_array();
    REQUIRE(ops.size() == out.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
      INFO("op " << i << " '" << ops[i] << "'");
      switch (ops[i]) {
        case 'a':
          REQUIRE(bits.next32() == U64(out[i]));
          break;
        case 'b':
          REQUIRE(bits.next64() == U64(out[i]));
          break;
        default:
          REQUIRE(DoubleBits(bits.next_double()) == F64Bits(out[i]));
      }
    }
  });
}

TEST_CASE("Generator integers(2**31) and random() interleave", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Generator gen(SeedOf(entry));
    const json::object& run = entry.at("generator_interleave").as_object();
    const std::string_view ops = Text(run.at("ops"));
    const json::array& out = run.at("out").as_array();
    REQUIRE(ops.size() == out.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
      INFO("op " << i << " '" << ops[i] << "'");
      if (ops[i] == 'i') {
        REQUIRE(gen.integers(std::int64_t{1} << 31) == ParseNumber<std::int64_t>(out[i]));
      } else {
        REQUIRE(DoubleBits(gen.random()) == F64Bits(out[i]));
      }
    }
  });
}

TEST_CASE("Generator random matches numpy", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Generator gen(SeedOf(entry));
    CheckDoubleRun(entry.at("random").as_object(), [&] { return gen.random(); });
  });
}

TEST_CASE("Generator uniform matches numpy", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Generator gen(SeedOf(entry));
    for (const json::value& expected : entry.at("uniform").as_array()) {
      REQUIRE(DoubleBits(gen.uniform(-0.05, 0.05)) == F64Bits(expected));
    }
  });
}

TEST_CASE("Generator integers(high) scalar matches numpy", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    for (const json::value& run : entry.at("integers").as_array()) {
      const std::int64_t high = I64(run.at("high"));
      INFO("high " << high);
      Generator gen(SeedOf(entry));
      for (const json::value& expected : run.at("values").as_array()) {
        REQUIRE(gen.integers(high) == I64(expected));
      }
    }
  });
}

TEST_CASE("Generator integers(high, size) fill matches numpy", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Generator gen(SeedOf(entry));
    const json::array& expected = entry.at("integers_fill").as_array();
    std::vector<std::int64_t> out(expected.size());
    gen.integers((std::int64_t{1} << 31) - 1, out);
    for (std::size_t i = 0; i < out.size(); ++i) {
      CHECK(out[i] == I64(expected[i]));
    }
  });
}

TEST_CASE("Generator int8 integers(low, high, size) matches numpy", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Generator gen(SeedOf(entry));
    for (const json::value& call_value : entry.at("int8").as_array()) {
      const json::object& call = call_value.as_object();
      const auto low = static_cast<std::int8_t>(I64(call.at("low")));
      const auto high = static_cast<std::int8_t>(I64(call.at("high")));
      INFO("integers(" << int{low} << ", " << int{high} << ", dtype=int8)");
      const json::array& expected = call.at("values").as_array();
      std::vector<std::int8_t> out(expected.size());
      gen.integers_int8(low, high, out);
      for (std::size_t i = 0; i < out.size(); ++i) {
        CHECK(out[i] == I64(expected[i]));
      }
    }
  });
}

TEST_CASE("Generator standard_normal matches numpy", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Generator gen(SeedOf(entry));
    CheckZigguratRun(entry.at("standard_normal").as_object(), gymcc::detail::kNormalTailStart,
                     [&] { return gen.standard_normal(); });
  });
}

TEST_CASE("Generator standard_exponential matches numpy", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Generator gen(SeedOf(entry));
    CheckZigguratRun(entry.at("standard_exponential").as_object(),
                     gymcc::detail::kExponentialTailStart,
                     [&] { return gen.standard_exponential(); });
  });
}

TEST_CASE("Generator mixed draws on one stream match numpy", "[rng]") {
  ForEachSeed([](const json::object& entry) {
    Generator gen(SeedOf(entry));
    std::size_t step = 0;
    for (const json::value& op_value : entry.at("mixed").as_array()) {
      const json::object& op = op_value.as_object();
      const std::string_view name = Text(op.at("op"));
      const json::array& out = op.at("out").as_array();
      INFO("step " << step++ << " " << name);
      if (name == "random") {
        REQUIRE(DoubleBits(gen.random()) == F64Bits(out[0]));
      } else if (name == "uniform") {
        const json::array& args = op.at("args").as_array();
        const double value =
            gen.uniform(ParseNumber<double>(args[0]), ParseNumber<double>(args[1]));
        REQUIRE(DoubleBits(value) == F64Bits(out[0]));
      } else if (name == "integers") {
        const auto high = ParseNumber<std::int64_t>(op.at("args").as_array()[0]);
        REQUIRE(gen.integers(high) == I64(out[0]));
      } else if (name == "integers2") {
        const json::array& args = op.at("args").as_array();
        const std::int64_t value =
            gen.integers(ParseNumber<std::int64_t>(args[0]), ParseNumber<std::int64_t>(args[1]));
        REQUIRE(value == I64(out[0]));
      } else if (name == "integers_fill") {
        const auto high = ParseNumber<std::int64_t>(op.at("args").as_array()[0]);
        std::vector<std::int64_t> values(out.size());
        gen.integers(high, values);
        for (std::size_t i = 0; i < values.size(); ++i) {
          REQUIRE(values[i] == I64(out[i]));
        }
      } else if (name == "int8") {
        const json::array& args = op.at("args").as_array();
        std::vector<std::int8_t> values(out.size());
        gen.integers_int8(static_cast<std::int8_t>(ParseNumber<int>(args[0])),
                          static_cast<std::int8_t>(ParseNumber<int>(args[1])), values);
        for (std::size_t i = 0; i < values.size(); ++i) {
          REQUIRE(values[i] == I64(out[i]));
        }
      } else if (name == "normal") {
        REQUIRE(DoubleBits(gen.standard_normal()) == F64Bits(out[0]));
      } else if (name == "exponential") {
        REQUIRE(DoubleBits(gen.standard_exponential()) == F64Bits(out[0]));
      } else if (name == "next32") {
        REQUIRE(gen.bit_generator().next32() == U64(out[0]));
      } else if (name == "next64") {
        REQUIRE(gen.bit_generator().next64() == U64(out[0]));
      } else {
        FAIL("unknown op " << name);
      }
    }
  });
}

TEST_CASE("Millions of draws match numpy checksums", "[rng]") {
  for (const json::value& run_value : Vectors().at("bulk").as_array()) {
    const json::object& run = run_value.as_object();
    const std::string_view kind = Text(run.at("kind"));
    const std::string_view arg = Text(run.at("arg"));
    const auto count = static_cast<std::size_t>(I64(run.at("count")));
    INFO(kind << "(" << arg << ") x " << count);
    Generator gen(SeedOf(run));
    Checksum checksum;
    std::int64_t tails = 0;
    if (kind == "random") {
      for (std::size_t i = 0; i < count; ++i) {
        checksum.add(DoubleBits(gen.random()));
      }
    } else if (kind == "standard_normal") {
      for (std::size_t i = 0; i < count; ++i) {
        const double value = gen.standard_normal();
        checksum.add(DoubleBits(value));
        if (std::fabs(value) >= gymcc::detail::kNormalTailStart) ++tails;
      }
    } else if (kind == "standard_exponential") {
      for (std::size_t i = 0; i < count; ++i) {
        const double value = gen.standard_exponential();
        checksum.add(DoubleBits(value));
        if (value >= gymcc::detail::kExponentialTailStart) ++tails;
      }
    } else if (kind == "integers") {
      const auto high = ParseNumber<std::int64_t>(run.at("arg"));
      for (std::size_t i = 0; i < count; ++i) {
        checksum.add(static_cast<std::uint64_t>(gen.integers(high)));
      }
    } else if (kind == "int8_0_2_by_13") {
      std::array<std::int8_t, 13> call{};
      REQUIRE(count % call.size() == 0);
      for (std::size_t i = 0; i < count; i += call.size()) {
        gen.integers_int8(0, 2, call);
        for (const std::int8_t value : call) {
          checksum.add(static_cast<std::uint64_t>(std::int64_t{value}));
        }
      }
    } else {
      FAIL("unknown bulk kind " << kind);
    }
    CHECK(checksum.value() == U64(run.at("checksum")));
    if (const json::value* expected_tails = run.if_contains("tail_count")) {
      CHECK(tails == I64(*expected_tails));
    }
  }
}

TEST_CASE("Generator rejects empty ranges like numpy", "[rng]") {
  Generator gen(Seed(0));
  CHECK_THROWS_AS(gen.integers(0), std::invalid_argument);
  CHECK_THROWS_AS(gen.integers(-3), std::invalid_argument);
  CHECK_THROWS_AS(gen.integers(5, 5), std::invalid_argument);
  std::vector<std::int64_t> fill(3);
  CHECK_THROWS_AS(gen.integers(0, fill), std::invalid_argument);
  std::vector<std::int8_t> bytes(3);
  CHECK_THROWS_AS(gen.integers_int8(2, 2, bytes), std::invalid_argument);
  CHECK_THROWS_AS(gen.uniform(0.0, std::numeric_limits<double>::infinity()), std::overflow_error);
  CHECK_THROWS_AS(gen.uniform(-1e308, 1e308), std::overflow_error);

  // numpy returns an empty array for size=0 without validating bounds.
  CHECK_NOTHROW(gen.integers(0, std::span<std::int64_t>()));
  CHECK_NOTHROW(gen.integers_int8(2, 2, std::span<std::int8_t>()));
}

TEST_CASE("Generator stays small and copyable", "[rng]") {
  STATIC_REQUIRE(sizeof(Generator) <= 48);
  Generator original(Seed(42));
  Generator copy = original;
  CHECK(copy.bit_generator().next32() == original.bit_generator().next32());
  CHECK(copy.standard_normal() == original.standard_normal());
}

TEST_CASE("Generator from_entropy draws fresh seeds", "[rng]") {
  Generator first = Generator::from_entropy();
  Generator second = Generator::from_entropy();
  // Equal 64-bit draws from two 128-bit random seeds: odds of 2^-64.
  CHECK(first.bit_generator().next64() != second.bit_generator().next64());
}

}  // namespace
