#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "gymcc/json.hpp"
#include "gymcc/spaces.hpp"

using gymcc::DType;
using gymcc::Seed;
using gymcc::Space;
using gymcc::Value;

namespace {

// Three seeded samples as JSON text. Expected strings below were printed by
// gymnasium 1.4 / numpy 2: `space.seed(s); [space.sample() for _ in range(3)]`.
std::string samples(Space space, const Seed& seed) {
  space.seed(seed);
  gymcc::List out;
  for (int i = 0; i < 3; ++i) out.push_back(space.sample());
  return gymcc::json::to_string(Value(std::move(out)));
}

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("space samples reproduce gymnasium's draws") {
  CHECK(samples(Space::discrete(5, -2), Seed(7)) == "[2,1,1]");
  CHECK(samples(Space::box(-1.0, 2.0, {2}, DType::kFloat32), Seed(3)) ==
        "[[-0.7430524826049805,-0.2895684838294983],[1.4038233757019043,0.7464861273765564],"
        "[-0.7176140546798706,0.2993808090686798]]");
  CHECK(samples(Space::box({-kInf, 0, -kInf, -1}, {kInf, kInf, 5, 1}, {4}, DType::kFloat32),
                Seed(11)) ==
        "[[0.0341927669942379,0.5383070111274719,3.8775923252105713,-0.9426220059394836],"
        "[-0.2979695200920105,3.7908613681793213,4.928593158721924,-0.7404521107673645],"
        "[0.7468855977058411,0.9627402424812317,4.296218395233154,0.0227800440043211]]");
  CHECK(samples(Space::box(0, 10, {3}, DType::kInt64), Seed(5)) == "[[8,8,5],[3,0,4],[4,0,0]]");
  CHECK(samples(Space::box(-2.0, 2.0, {2}, DType::kFloat64), Seed(5)) ==
        "[[1.2200116949815207,1.231763158945975],[0.061302244168568,-0.8567944796474336],"
        "[-1.7842771904733743,-0.4665244768579271]]");
  CHECK(samples(Space::multi_discrete({3, 5, 2}), Seed(9)) == "[[2,1,1],[2,3,1],[2,4,0]]");
  CHECK(samples(Space::multi_binary(5), Seed(9)) == "[[0,1,1,0,1],[0,0,0,1,0],[1,1,0,0,1]]");
  CHECK(samples(Space::tuple({Space::discrete(32), Space::discrete(11), Space::discrete(2)}),
                Seed(42)) == "[[0,9,0],[26,3,0],[20,3,0]]");
  CHECK(samples(
            Space::dict({{"b", Space::discrete(4)}, {"a", Space::box(0, 1, {2}, DType::kFloat32)}}),
            Seed(4)) == R"([{"a":[0.17136894166469574,0.6253170371055603],"b":0},)"
                        R"({"a":[0.11348225921392441,0.6636448502540588],"b":1},)"
                        R"({"a":[0.7358961701393127,0.2892063856124878],"b":3}])");
  CHECK(samples(Space::discrete(2),
                *Seed::from_decimal("340282366920938463463374607431768211459")) == "[1,0,0]");
}

TEST_CASE("contains follows gymnasium, with booleans not integers") {
  const Space d = Space::discrete(3, 1);
  CHECK(d.contains(Value(1)));
  CHECK(d.contains(Value(3)));
  CHECK_FALSE(d.contains(Value(0)));
  CHECK_FALSE(d.contains(Value(4)));
  CHECK_FALSE(d.contains(Value(true)));
  CHECK_FALSE(d.contains(Value(1.0)));

  const Space box = Space::box(-2.0, 2.0, {1}, DType::kFloat32);
  CHECK(box.contains(gymcc::json::parse("[1.5]")));
  CHECK(box.contains(gymcc::json::parse("[2]")));
  CHECK_FALSE(box.contains(gymcc::json::parse("[2.5]")));
  CHECK_FALSE(box.contains(gymcc::json::parse("1.5")));
  CHECK_FALSE(box.contains(gymcc::json::parse("[[1.5]]")));
  CHECK_FALSE(box.contains(gymcc::json::parse("[\"a\"]")));

  const Space t = Space::tuple({Space::discrete(2), Space::multi_binary(2)});
  CHECK(t.contains(gymcc::json::parse("[1, [0, 1]]")));
  CHECK_FALSE(t.contains(gymcc::json::parse("[1, [0, 2]]")));
}

TEST_CASE("Box actions out of bounds are allowed, wrong shapes and NaN are not") {
  const Space box = Space::box(-2.0, 2.0, {1}, DType::kFloat32);
  CHECK_FALSE(box.action_problem(gymcc::json::parse("[5.0]")));
  CHECK(box.action_problem(gymcc::json::parse("[1.0, 2.0]")));
  CHECK(box.action_problem(gymcc::json::parse("1.0")));
  CHECK(box.action_problem(Value(gymcc::Array{DType::kFloat64, {1}, {std::nan("")}})));
  CHECK(Space::discrete(2).action_problem(Value(2)));
  CHECK_FALSE(Space::discrete(2).action_problem(Value(1)));
}

TEST_CASE("describe gives the peer's keys plus what it loses") {
  const Space box = Space::box({-4.8, -kInf}, {4.8, kInf}, {2}, DType::kFloat32);
  CHECK(gymcc::json::to_string(box.describe(), {gymcc::json::NonFinite::kString}) ==
        R"({"name":"Box","shape":[2],"low":[-4.800000190734863,"-Infinity"],)"
        R"("high":[4.800000190734863,"Infinity"],"dtype":"float32"})");
  CHECK(gymcc::json::to_string(Space::discrete(2).describe()) ==
        R"({"name":"Discrete","n":2,"shape":[],"start":0,"dtype":"int64"})");
}
