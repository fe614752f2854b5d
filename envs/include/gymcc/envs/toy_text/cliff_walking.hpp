#pragma once
// CliffWalking-v1 and CliffWalkingSlippery-v1, gymnasium's CliffWalkingEnv
// (Sutton & Barto, Example 6.6).
//
// ## Description
// A 4x12 grid: the agent starts at the bottom-left corner [3, 0] and must
// reach the bottom-right corner [3, 11]. The cells between them on the bottom
// row, [3, 1..10], are a cliff: stepping onto one sends the agent back to the
// start. Moves off the grid leave the agent where it is.
//
// ## Action Space
// Discrete(4): 0 up, 1 right, 2 down, 3 left.
//
// ## Observation Space
// Discrete(48): the agent's cell as `row * 12 + col`, a Python int (36 at
// the start).
//
// ## Rewards
// -1 for every step, -100 for stepping onto the cliff; Python ints.
//
// ## Starting State
// Always state 36, yet the reset still makes gymnasium's one `random()` draw
// (categorical_sample over a one-hot distribution).
//
// ## Episode End
// Terminated when the agent enters state 47 (the goal). No time limit is
// registered for either id, so episodes run until they reach the goal.
// Stepping on after termination moves the agent from the goal as from any
// cell (moving right or down from it terminates again).
//
// ## Information
// `{"prob": p}`: the int 1 at reset; after a step the float probability of
// the transition taken, 1.0, or 1/3 on the slippery cliff.
//
// ## Arguments
// * `is_slippery` (bool, default false; CliffWalkingSlippery-v1 registers
//   true): the agent moves in the intended direction or one of the two
//   perpendicular ones, each with probability 1/3.
//
// ## Version History
// * v1: gymnasium 1.0 added the slippery variant.
// * v0: first version.

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gymcc/env.hpp"
#include "gymcc/envs/toy_text/detail/tabular.hpp"
#include "gymcc/kwargs.hpp"
#include "gymcc/rng.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"

namespace gymcc::envs {

class CliffWalking {
  friend struct ::gymcc::EnvState<CliffWalking>;  // snapshots (envs/detail/*_state.hpp)

 public:
  struct Params {
    bool is_slippery = false;
  };
  using Action = std::int64_t;
  using Observation = std::int64_t;
  struct Info {
    double prob = 1.0;
    bool prob_is_int = true;
  };

  static constexpr std::int64_t kRows = 4, kCols = 12, kStates = kRows * kCols;
  static constexpr std::int64_t kStartState = 3 * kCols;   // [3, 0]
  static constexpr std::int64_t kGoalState = kStates - 1;  // [3, 11]
  static constexpr std::int64_t kUp = 0, kRight = 1, kDown = 2, kLeft = 3;

  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table =
        KwargTable<Params>().add("is_slippery", &Params::is_slippery,
                                 "move in the intended or a perpendicular direction, 1/3 each");
    return table;
  }

  static EnvMetadata metadata() { return {{"human", "rgb_array", "ansi"}, 4}; }

  explicit CliffWalking(const Params& params) : model_(shared_model(params.is_slippery)) {}

  Space observation_space() const { return Space::discrete(kStates); }
  Space action_space() const { return Space::discrete(4); }

  void reset(Generator& rng, const Value* /*options*/, Observation& obs, Info& info) {
    // categorical_sample over the one-hot initial distribution: draws, then
    // always picks the start (the running sum is 0 before it, 1 from it on).
    const double r = rng.random();
    s_ = r < 1.0 ? kStartState : 0;
    obs = s_;
    info = Info{1.0, true};
  }

  Transition step(const Action& action, Generator& rng, Observation& obs, Info& info) noexcept {
    const detail::TabularOutcome& o = model_->sample(s_, action, rng);
    s_ = o.next_state;
    obs = s_;
    info.prob = o.prob;
    info.prob_is_int = o.prob_is_int;
    return Transition{o.reward, o.terminated, o.reward_is_int};
  }

  // gymnasium's `_render_text`: "x" for the agent, "T" for the goal, "C" for
  // the cliff, "o" elsewhere; no colours.
  std::string render_ansi() const {
    std::string out;
    for (std::int64_t s = 0; s < kStates; ++s) {
      const std::int64_t row = s / kCols, col = s % kCols;
      const char* cell = s == s_ ? "x" : s == kGoalState ? "T" : is_cliff(row, col) ? "C" : "o";
      if (col != 0) out += ' ';
      out += cell;
      if (col == kCols - 1) {
        out += '\n';
      } else {
        out += ' ';
      }
    }
    out += '\n';
    return out;
  }

  std::int64_t state() const noexcept { return s_; }
  const detail::TabularModel& transitions() const noexcept { return *model_; }

  static constexpr bool is_cliff(std::int64_t row, std::int64_t col) noexcept {
    return row == 3 && col >= 1 && col <= kCols - 2;
  }

 private:
  static detail::TabularModel build_model(bool slippery) {
    constexpr std::array<std::array<std::int64_t, 2>, 4> kDelta{{{-1, 0}, {0, 1}, {1, 0}, {0, -1}}};
    return detail::TabularModel(
        kStates, 4,
        [&](std::int64_t s, std::int64_t move, std::vector<detail::TabularOutcome>& out) {
          const std::int64_t row = s / kCols, col = s % kCols;
          std::vector<std::int64_t> moves;
          if (slippery) {
            moves = {(move + 3) % 4, move, (move + 1) % 4};
          } else {
            moves = {move};
          }
          const double prob = 1.0 / static_cast<double>(moves.size());
          for (const std::int64_t m : moves) {
            const std::int64_t r = std::min(
                std::max(row + kDelta[static_cast<std::size_t>(m)][0], std::int64_t{0}), kRows - 1);
            const std::int64_t c = std::min(
                std::max(col + kDelta[static_cast<std::size_t>(m)][1], std::int64_t{0}), kCols - 1);
            if (is_cliff(r, c)) {
              out.push_back(detail::TabularOutcome{prob, -100.0, kStartState, false, false, true});
            } else {
              const std::int64_t next = r * kCols + c;
              out.push_back(
                  detail::TabularOutcome{prob, -1.0, next, next == kGoalState, false, true});
            }
          }
        });
  }

  static std::shared_ptr<const detail::TabularModel> shared_model(bool slippery) {
    static const auto dry = std::make_shared<const detail::TabularModel>(build_model(false));
    static const auto wet = std::make_shared<const detail::TabularModel>(build_model(true));
    return slippery ? wet : dry;
  }

  std::shared_ptr<const detail::TabularModel> model_;
  std::int64_t s_ = kStartState;
};

inline void to_value(const CliffWalking::Info& info, Value& out) {
  Dict& d = out.emplace_dict();
  d.clear();
  d.emplace_back("prob", detail::number_value(info.prob, info.prob_is_int));
}

}  // namespace gymcc::envs
