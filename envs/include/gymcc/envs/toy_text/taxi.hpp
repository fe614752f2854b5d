#pragma once
// Taxi-v4, gymnasium's TaxiEnv (Dietterich's MAXQ taxi domain).
//
// ## Description
// A taxi drives on a 5x5 grid with walls. Four coloured stands — Red (0, 0),
// Green (0, 4), Yellow (4, 0) and Blue (4, 3) — are where a passenger waits
// and where they want to go. The taxi must drive to the passenger, pick them
// up, drive to their destination and drop them off.
//
//     +---------+
//     |R: | : :G|
//     | : | : : |
//     | : : : : |
//     | | : | : |
//     |Y| : |B: |
//     +---------+
//
// ## Action Space
// Discrete(6): 0 south, 1 north, 2 east, 3 west, 4 pick up, 5 drop off.
//
// ## Observation Space
// Discrete(500): `((taxi_row * 5 + taxi_col) * 5 + passenger) * 4 + destination`,
// a Python int, where passenger 0-3 is a stand and 4 means in the taxi.
// `Taxi::encode` / `Taxi::decode` convert.
//
// ## Rewards
// -1 per step, +20 for delivering the passenger, -10 for a pick-up or
// drop-off where none is possible; Python ints.
//
// ## Starting State
// Uniform over the 300 states with the passenger at a stand other than
// their destination (one `random()` draw over gymnasium's running sums).
// With `fickle_passenger`, reset makes a second `random()` draw.
//
// ## Episode End
// Terminated when the passenger is dropped at their destination. Truncated
// after 200 steps by the registered time limit. Stepping on after
// termination follows the same table (the passenger now waits at the
// destination stand).
//
// ## Information
// `{"prob": p, "action_mask": int8[6]}`: the probability of the transition
// taken (the float 1.0 at reset) and which actions change the state.
//
// ## Arguments
// * `is_rainy` (bool, default false): moves go in the intended direction with
//   probability `rainy_probability`, else to either side with
//   `(1 - rainy_probability) / 2` each; a move blocked ahead does not drift.
// * `fickle_passenger` (bool, default false): with probability
//   `fickle_probability` (decided at reset), the passenger picks a new
//   destination the first time the taxi moves with them aboard.
// * `rainy_probability` (number, default 0.8), `fickle_probability` (number,
//   default 0.3).
//
// ## Version History
// * v4: gymnasium 1.3 fixed `is_rainy` and `fickle_passenger` and added the
//   two probabilities. Taxi-v3 is deprecated (gymnasium raises DeprecatedEnv).
// * v3: map correction, action mask (0.25), is_rainy / fickle_passenger (1.2).
// * v2, v1, v0: earlier fixes and the first version.

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "gymcc/env.hpp"
#include "gymcc/envs/toy_text/detail/tabular.hpp"
#include "gymcc/kwargs.hpp"
#include "gymcc/rng.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"

namespace gymcc::envs {

// A decoded Taxi state.
struct TaxiState {
  std::int64_t taxi_row = 0;
  std::int64_t taxi_col = 0;
  std::int64_t passenger = 0;  // 0-3: a stand, 4: in the taxi
  std::int64_t destination = 0;

  friend bool operator==(const TaxiState&, const TaxiState&) = default;
};

class Taxi {
  friend struct ::gymcc::EnvState<Taxi>;  // snapshots (envs/detail/*_state.hpp)

 public:
  struct Params {
    bool is_rainy = false;
    bool fickle_passenger = false;
    detail::PyNumber rainy_probability{0.8, false};
    double fickle_probability = 0.3;
  };
  using Action = std::int64_t;
  using Observation = std::int64_t;
  struct Info {
    double prob = 1.0;
    bool prob_is_int = false;
    std::array<std::int8_t, 6> action_mask{};
  };

  static constexpr std::int64_t kStates = 500, kActions = 6;
  static constexpr std::array<std::string_view, 7> kMap{"+---------+", "|R: | : :G|", "| : | : : |",
                                                        "| : : : : |", "| | : | : |", "|Y| : |B: |",
                                                        "+---------+"};
  static constexpr std::array<std::array<std::int64_t, 2>, 4> kLocs{
      {{0, 0}, {0, 4}, {4, 0}, {4, 3}}};

  // gymnasium's encode: no range checks.
  static constexpr std::int64_t encode(std::int64_t taxi_row, std::int64_t taxi_col,
                                       std::int64_t passenger, std::int64_t destination) noexcept {
    return ((taxi_row * 5 + taxi_col) * 5 + passenger) * 4 + destination;
  }
  // gymnasium's decode; throws std::out_of_range outside [0, 500), where
  // gymnasium's assertion fails.
  static constexpr TaxiState decode(std::int64_t state) {
    if (state < 0 || state >= kStates) throw std::out_of_range("Taxi state out of range");
    return decode_unchecked(state);
  }

  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table =
        KwargTable<Params>()
            .add("is_rainy", &Params::is_rainy,
                 "moves go sideways with probability 1 - rainy_probability")
            .add("fickle_passenger", &Params::fickle_passenger,
                 "the passenger may change destination on the first move after pick-up")
            .add_custom(
                "rainy_probability", "float",
                "probability of the intended move when rainy (default 0.8)",
                [](Params& p, const Value& v) {
                  p.rainy_probability = detail::number_from_value(v);
                },
                [](const Params& p) { return detail::number_value(p.rainy_probability); })
            .add("fickle_probability", &Params::fickle_probability,
                 "probability that a passenger is fickle (default 0.3)");
    return table;
  }

  static EnvMetadata metadata() { return {{"human", "ansi", "rgb_array"}, 4}; }

  explicit Taxi(const Params& params)
      : model_(shared_model(params)),
        fickle_passenger_(params.fickle_passenger),
        fickle_probability_(params.fickle_probability) {}

  Space observation_space() const { return Space::discrete(kStates); }
  Space action_space() const { return Space::discrete(kActions); }

  void reset(Generator& rng, const Value* /*options*/, Observation& obs, Info& info) {
    s_ = static_cast<std::int64_t>(detail::categorical_sample(model_->initial_cumsum, rng));
    last_action_ = -1;
    fickle_step_ = fickle_passenger_ && rng.random() < fickle_probability_;
    obs = s_;
    info.prob = 1.0;
    info.prob_is_int = false;
    info.action_mask = action_mask(s_);
  }

  Transition step(const Action& action, Generator& rng, Observation& obs, Info& info) noexcept {
    const detail::TabularOutcome& o = model_->transitions.sample(s_, action, rng);
    last_action_ = action;
    std::int64_t next = o.next_state;
    const TaxiState before = decode_unchecked(s_);
    const TaxiState after = decode_unchecked(next);
    if (fickle_passenger_ && fickle_step_ && before.passenger == 4 &&
        (after.taxi_row != before.taxi_row || after.taxi_col != before.taxi_col)) {
      fickle_step_ = false;
      // np_random.choice of the three other destinations.
      std::int64_t destination = rng.integers(3);
      if (destination >= before.destination) ++destination;
      next = encode(after.taxi_row, after.taxi_col, after.passenger, destination);
    }
    s_ = next;
    obs = s_;
    info.prob = o.prob;
    info.prob_is_int = o.prob_is_int;
    info.action_mask = action_mask(s_);
    return Transition{o.reward, o.terminated, o.reward_is_int};
  }

  // gymnasium's action_mask(state): 1 where the action changes the state.
  static std::array<std::int8_t, 6> action_mask(std::int64_t state) noexcept {
    std::array<std::int8_t, 6> mask{};
    const TaxiState t = decode_unchecked(state);
    if (t.taxi_row < 4) mask[0] = 1;
    if (t.taxi_row > 0) mask[1] = 1;
    if (t.taxi_col < 4 && wall_free(t.taxi_row, 2 * t.taxi_col + 2)) mask[2] = 1;
    if (t.taxi_col > 0 && wall_free(t.taxi_row, 2 * t.taxi_col)) mask[3] = 1;
    if (t.passenger < 4 && at_stand(t.taxi_row, t.taxi_col, t.passenger)) mask[4] = 1;
    if (t.passenger == 4 && (at_stand(t.taxi_row, t.taxi_col, t.destination) ||
                             stand_index(t.taxi_row, t.taxi_col) >= 0)) {
      mask[5] = 1;
    }
    return mask;
  }

  // gymnasium's `_render_text`: the map with the taxi (yellow background when
  // empty, green with the passenger aboard, an underscore for a blank), the
  // passenger's stand in bold blue, the destination in magenta, then the
  // last action.
  std::string render_ansi() const {
    std::vector<std::vector<std::string>> out;
    for (std::string_view row : kMap) {
      std::vector<std::string> cells;
      for (char c : row) cells.emplace_back(1, c);
      out.push_back(std::move(cells));
    }
    const TaxiState t = decode_unchecked(s_);
    auto cell = [&](std::int64_t r, std::int64_t c) -> std::string& {
      return out[static_cast<std::size_t>(1 + r)][static_cast<std::size_t>(2 * c + 1)];
    };
    if (t.passenger < 4) {
      std::string& taxi = cell(t.taxi_row, t.taxi_col);
      taxi = "\x1b[43m" + taxi + "\x1b[0m";
      const auto& loc = kLocs[static_cast<std::size_t>(t.passenger)];
      std::string& passenger = cell(loc[0], loc[1]);
      passenger = "\x1b[34;1m" + passenger + "\x1b[0m";
    } else {
      std::string& taxi = cell(t.taxi_row, t.taxi_col);
      taxi = "\x1b[42m" + (taxi == " " ? std::string("_") : taxi) + "\x1b[0m";
    }
    const auto& dest = kLocs[static_cast<std::size_t>(t.destination)];
    std::string& destination = cell(dest[0], dest[1]);
    destination = "\x1b[35m" + destination + "\x1b[0m";
    std::string text;
    for (const auto& row : out) {
      for (const std::string& c : row) text += c;
      text += '\n';
    }
    static constexpr std::array<const char*, 6> kActionNames{"South", "North",  "East",
                                                             "West",  "Pickup", "Dropoff"};
    text += last_action_ < 0
                ? std::string("\n")
                : "  (" + std::string(kActionNames[static_cast<std::size_t>(last_action_)]) + ")\n";
    return text;
  }

  std::int64_t state() const noexcept { return s_; }
  bool fickle_step() const noexcept { return fickle_step_; }
  const detail::TabularModel& transitions() const noexcept { return model_->transitions; }

 private:
  struct Model {
    detail::TabularModel transitions;
    std::vector<double> initial_cumsum;
  };

  static constexpr TaxiState decode_unchecked(std::int64_t i) noexcept {
    TaxiState t;
    t.destination = i % 4;
    i /= 4;
    t.passenger = i % 5;
    i /= 5;
    t.taxi_col = i % 5;
    t.taxi_row = i / 5;
    return t;
  }

  // desc[1 + row][column] == b":"
  static constexpr bool wall_free(std::int64_t row, std::int64_t column) noexcept {
    return kMap[static_cast<std::size_t>(1 + row)][static_cast<std::size_t>(column)] == ':';
  }
  static constexpr bool at_stand(std::int64_t row, std::int64_t col, std::int64_t stand) noexcept {
    const auto& loc = kLocs[static_cast<std::size_t>(stand)];
    return loc[0] == row && loc[1] == col;
  }
  // `self.locs.index((row, col))`, or -1 if not a stand.
  static constexpr std::int64_t stand_index(std::int64_t row, std::int64_t col) noexcept {
    for (std::int64_t i = 0; i < 4; ++i) {
      if (at_stand(row, col, i)) return i;
    }
    return -1;
  }

  // _pickup: (new passenger, reward)
  static std::pair<std::int64_t, std::int64_t> pickup(std::int64_t row, std::int64_t col,
                                                      std::int64_t passenger, std::int64_t reward) {
    if (passenger < 4 && at_stand(row, col, passenger)) return {4, reward};
    return {passenger, -10};
  }

  struct Dropoff {
    std::int64_t passenger;
    std::int64_t reward;
    bool terminated;
  };
  static Dropoff dropoff(std::int64_t row, std::int64_t col, std::int64_t passenger,
                         std::int64_t destination, std::int64_t default_reward) {
    if (at_stand(row, col, destination) && passenger == 4) return {destination, 20, true};
    if (stand_index(row, col) >= 0 && passenger == 4) {
      return {stand_index(row, col), default_reward, false};
    }
    return {passenger, -10, false};
  }

  static detail::TabularOutcome outcome(double prob, bool prob_is_int, std::int64_t next,
                                        std::int64_t reward, bool terminated) {
    return detail::TabularOutcome{prob, static_cast<double>(reward), next, terminated, prob_is_int,
                                  true};
  }

  // _build_dry_transitions
  static void dry(const TaxiState& t, std::int64_t action,
                  std::vector<detail::TabularOutcome>& out) {
    const std::int64_t row = t.taxi_row, col = t.taxi_col;
    std::int64_t new_row = row, new_col = col, passenger = t.passenger, reward = -1;
    bool terminated = false;
    if (action == 0) {
      new_row = std::min<std::int64_t>(row + 1, 4);
    } else if (action == 1) {
      new_row = std::max<std::int64_t>(row - 1, 0);
    }
    if (action == 2 && wall_free(row, 2 * col + 2)) {
      new_col = std::min<std::int64_t>(col + 1, 4);
    } else if (action == 3 && wall_free(row, 2 * col)) {
      new_col = std::max<std::int64_t>(col - 1, 0);
    } else if (action == 4) {
      std::tie(passenger, reward) = pickup(row, col, passenger, reward);
    } else if (action == 5) {
      const Dropoff d = dropoff(row, col, passenger, t.destination, reward);
      passenger = d.passenger;
      reward = d.reward;
      terminated = d.terminated;
    }
    out.push_back(outcome(1.0, false, encode(new_row, new_col, passenger, t.destination), reward,
                          terminated));
  }

  // _calc_new_position: a sideways drift, blocked by walls.
  static std::pair<std::int64_t, std::int64_t> drift(std::int64_t row, std::int64_t col,
                                                     std::array<std::int64_t, 2> movement) {
    const std::int64_t new_row =
        std::max<std::int64_t>(0, std::min<std::int64_t>(row + movement[0], 4));
    const std::int64_t new_col =
        std::max<std::int64_t>(0, std::min<std::int64_t>(col + movement[1], 4));
    if (movement[1] == 1 && !wall_free(new_row, 2 * new_col)) return {row, col};
    if (movement[1] == -1 && !wall_free(new_row, 2 * new_col + 2)) return {row, col};
    return {new_row, new_col};
  }

  // _build_rainy_transitions
  static void rainy(const TaxiState& t, std::int64_t action, detail::PyNumber forward,
                    double lateral, std::vector<detail::TabularOutcome>& out) {
    // (forward, left, right) per heading.
    static constexpr std::array<std::array<std::array<std::int64_t, 2>, 3>, 4> kMoves{{
        {{{1, 0}, {0, 1}, {0, -1}}},   // south: left = east, right = west
        {{{-1, 0}, {0, -1}, {0, 1}}},  // north: left = west, right = east
        {{{0, 1}, {-1, 0}, {1, 0}}},   // east: left = north, right = south
        {{{0, -1}, {1, 0}, {-1, 0}}},  // west: left = south, right = north
    }};
    const std::int64_t row = t.taxi_row, col = t.taxi_col;
    std::pair<std::int64_t, std::int64_t> left{row, col}, right{row, col};
    std::int64_t new_row = row, new_col = col, passenger = t.passenger, reward = -1;
    bool terminated = false;
    if ((action == 0 && row < 4) || (action == 1 && row > 0) ||
        (action == 2 && wall_free(row, 2 * col + 2)) || (action == 3 && wall_free(row, 2 * col))) {
      const auto& moves = kMoves[static_cast<std::size_t>(action)];
      new_row = std::max<std::int64_t>(0, std::min<std::int64_t>(row + moves[0][0], 4));
      new_col = std::max<std::int64_t>(0, std::min<std::int64_t>(col + moves[0][1], 4));
      left = drift(row, col, moves[1]);
      right = drift(row, col, moves[2]);
    } else if (action == 4) {
      std::tie(passenger, reward) = pickup(row, col, passenger, reward);
    } else if (action == 5) {
      const Dropoff d = dropoff(row, col, passenger, t.destination, reward);
      passenger = d.passenger;
      reward = d.reward;
      terminated = d.terminated;
    }
    const std::int64_t intended = encode(new_row, new_col, passenger, t.destination);
    if (action <= 3) {
      out.push_back(outcome(forward.value, forward.is_int, intended, -1, terminated));
      out.push_back(outcome(lateral, false,
                            encode(left.first, left.second, passenger, t.destination), -1,
                            terminated));
      out.push_back(outcome(lateral, false,
                            encode(right.first, right.second, passenger, t.destination), -1,
                            terminated));
    } else {
      out.push_back(outcome(1.0, false, intended, reward, terminated));
    }
  }

  static std::shared_ptr<const Model> shared_model(const Params& params) {
    std::string key = params.is_rainy ? "rainy;" : "dry;";
    if (params.is_rainy) detail::append_key(key, params.rainy_probability);
    static detail::SharedCache<Model> cache;
    return cache.get(key, [&] {
      Model m;
      const detail::PyNumber forward = params.rainy_probability;
      const double lateral = (1.0 - forward.value) / 2.0;
      m.transitions = detail::TabularModel(
          kStates, kActions,
          [&](std::int64_t s, std::int64_t a, std::vector<detail::TabularOutcome>& out) {
            if (params.is_rainy) {
              rainy(decode_unchecked(s), a, forward, lateral, out);
            } else {
              dry(decode_unchecked(s), a, out);
            }
          });
      std::vector<double> initial(kStates, 0.0);
      double count = 0.0;
      for (std::int64_t s = 0; s < kStates; ++s) {
        const TaxiState t = decode_unchecked(s);
        if (t.passenger < 4 && t.passenger != t.destination) {
          initial[static_cast<std::size_t>(s)] += 1.0;
          count += 1.0;
        }
      }
      for (double& p : initial) p /= count;
      m.initial_cumsum = detail::cumulative_sum(initial);
      return m;
    });
  }

  std::shared_ptr<const Model> model_;
  bool fickle_passenger_ = false;
  double fickle_probability_ = 0.3;
  std::int64_t s_ = 0;
  std::int64_t last_action_ = -1;  // none since reset
  bool fickle_step_ = false;
};

inline void to_value(const Taxi::Info& info, Value& out) {
  Dict& d = out.emplace_dict();
  d.clear();
  d.emplace_back("prob", detail::number_value(info.prob, info.prob_is_int));
  Array mask{DType::kInt8, {6}, {}};
  for (std::int8_t m : info.action_mask) mask.data.push_back(m);
  d.emplace_back("action_mask", Value(std::move(mask)));
}

}  // namespace gymcc::envs
