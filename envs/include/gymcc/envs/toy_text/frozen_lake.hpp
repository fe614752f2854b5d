#pragma once
// FrozenLake-v1 and FrozenLake8x8-v1, gymnasium's FrozenLakeEnv.
//
// ## Description
// An agent walks across a frozen lake laid out as a grid of tiles, from the
// start tile (top left on the built-in maps) to the goal (bottom right),
// without stepping into a hole. On slippery ice a move can slide sideways.
// Maps come from `desc` (rows of tile letters), from one of the two built-in
// maps named by `map_name`, or — when both are null — from
// `generate_random_map()`, which only produces maps with a path to the goal.
// Tile letters: S start, F frozen, H hole, G goal; any other letter behaves
// as frozen ice.
//
// ## Action Space
// Discrete(4): 0 left, 1 down, 2 right, 3 up.
//
// ## Observation Space
// Discrete(nrow * ncol): the agent's tile as `row * ncol + col`, a Python int.
//
// ## Rewards
// `reward_schedule = (goal, hole, frozen)`, default `(1, 0, 0)`: the reward
// for the tile the move lands on (start and unknown letters count as frozen).
// Rewards keep their Python type: ints by default, floats if the schedule
// holds floats. A step taken from a goal or hole tile gives the int 0.
//
// ## Starting State
// One of the start tiles, drawn uniformly (one `random()` draw; a map with
// no start tile starts in state 0, as gymnasium's NaN distribution does).
//
// ## Episode End
// Terminated when the agent lands in a hole or on the goal. Truncated by the
// registered time limit: 100 steps (FrozenLake-v1), 200 (FrozenLake8x8-v1).
// Stepping after termination keeps the agent where it is: reward 0,
// terminated true, probability 1.0.
//
// ## Information
// `{"prob": p}`: the probability of the transition taken, a float after a
// step (the int 1 at reset; an int when `success_rate` is an int and the
// intended move was taken).
//
// ## Arguments
// * `desc` (list of rows or null): a custom map, each row a string (or a list
//   of one-letter strings); rows must have equal lengths.
// * `map_name` ("4x4", "8x8" or null): the built-in map used when `desc` is null.
// * `is_slippery` (bool, default true): move in the intended direction with
//   probability `success_rate`, else in one of the two perpendicular
//   directions with probability `(1 - success_rate) / 2` each.
// * `success_rate` (number, default 1/3).
// * `reward_schedule` (list of 3 numbers, default [1, 0, 0]).
//
// ## Version History
// * v1: reward fixes; gymnasium 1.3 added `success_rate` and `reward_schedule`.
// * v0: first version.

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gymcc/env.hpp"
#include "gymcc/envs/toy_text/detail/tabular.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/kwargs.hpp"
#include "gymcc/rng.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"

namespace gymcc::envs {

// gymnasium's MAPS.
inline std::optional<std::vector<std::string>> frozen_lake_map(std::string_view name) {
  if (name == "4x4") return std::vector<std::string>{"SFFF", "FHFH", "FFFH", "HFFG"};
  if (name == "8x8") {
    return std::vector<std::string>{"SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF",
                                    "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"};
  }
  return std::nullopt;
}

namespace detail {

// gymnasium's is_valid: is the goal reachable from (0, 0) over non-hole tiles?
inline bool frozen_lake_path_exists(const std::vector<std::string>& board) {
  const auto size = static_cast<std::int64_t>(board.size());
  std::vector<char> discovered(static_cast<std::size_t>(size * size), 0);
  std::vector<std::pair<std::int64_t, std::int64_t>> frontier{{0, 0}};
  constexpr std::array<std::pair<int, int>, 4> kDirections{{{1, 0}, {0, 1}, {-1, 0}, {0, -1}}};
  while (!frontier.empty()) {
    const auto [r, c] = frontier.back();
    frontier.pop_back();
    char& seen = discovered[static_cast<std::size_t>(r * size + c)];
    if (seen) continue;
    seen = 1;
    for (const auto& [dr, dc] : kDirections) {
      const std::int64_t nr = r + dr;
      const std::int64_t nc = c + dc;
      if (nr < 0 || nr >= size || nc < 0 || nc >= size) continue;
      const char tile = board[static_cast<std::size_t>(nr)][static_cast<std::size_t>(nc)];
      if (tile == 'G') return true;
      if (tile != 'H') frontier.emplace_back(nr, nc);
    }
  }
  return false;
}

}  // namespace detail

// gymnasium's `generate_random_map(size, p, seed)`, draw for draw: each
// attempt takes size*size `random()` draws (numpy's `choice(["F", "H"],
// (size, size), p=[p, 1 - p])`), sets S and G, and is kept if the goal is
// reachable. A null seed seeds from OS entropy. Throws std::invalid_argument
// where gymnasium raises (p < 0) or would never return (size < 2, p == 0).
inline std::vector<std::string> generate_random_map(
    std::int64_t size = 8, double p = 0.8, const std::optional<Seed>& seed = std::nullopt) {
  p = p < 1.0 ? p : 1.0;  // Python's min(1, p), which also maps NaN to 1
  if (p < 0.0)
    throw std::invalid_argument("generate_random_map: probabilities are not non-negative");
  if (p == 0.0) throw std::invalid_argument("generate_random_map: p == 0 never yields a valid map");
  if (size < 2) throw std::invalid_argument("generate_random_map: size must be at least 2");
  Generator rng = seed ? Generator(*seed) : Generator::from_entropy();
  // numpy's choice: cdf = cumsum(p) / cdf[-1]; searchsorted(cdf, u, 'right').
  const double total = p + (1.0 - p);
  const double frozen_below = p / total;
  const auto n = static_cast<std::size_t>(size);
  std::vector<std::string> board(n, std::string(n, 'F'));
  while (true) {
    for (std::string& row : board) {
      for (char& tile : row) tile = rng.random() >= frozen_below ? 'H' : 'F';
    }
    board.front().front() = 'S';
    board.back().back() = 'G';
    if (detail::frozen_lake_path_exists(board)) return board;
  }
}

// The immutable part of a FrozenLake: the map and gymnasium's `P`.
struct FrozenLakeModel {
  std::int64_t nrow = 0;
  std::int64_t ncol = 0;
  std::string tiles;  // row-major letters, as bytes (numpy dtype "c")
  detail::TabularModel transitions;
  std::vector<double> initial_cumsum;  // cumsum of initial_state_distrib

  char tile(std::int64_t state) const { return tiles[static_cast<std::size_t>(state)]; }
};

class FrozenLake {
  friend struct ::gymcc::EnvState<FrozenLake>;  // snapshots (envs/detail/*_state.hpp)

 public:
  struct Params {
    std::optional<std::vector<std::string>> desc;
    std::optional<std::string> map_name = std::string("4x4");
    bool is_slippery = true;
    detail::PyNumber success_rate{1.0 / 3.0, false};
    std::vector<detail::PyNumber> reward_schedule{{1.0, true}, {0.0, true}, {0.0, true}};
  };
  using Action = std::int64_t;
  using Observation = std::int64_t;
  struct Info {
    double prob = 1.0;
    bool prob_is_int = true;
  };

  static constexpr std::int64_t kLeft = 0, kDown = 1, kRight = 2, kUp = 3;

  // Why `rows` is not a map gymnasium accepts, or nullopt.
  static std::optional<std::string> desc_problem(const std::vector<std::string>& rows) {
    if (rows.empty()) return "a non-empty list of rows";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].size() != rows[0].size()) {
        return "a rectangular map (row " + std::to_string(i) + " has " +
               std::to_string(rows[i].size()) + " tiles, row 0 has " +
               std::to_string(rows[0].size()) + ")";
      }
      for (char c : rows[i]) {
        if (static_cast<unsigned char>(c) >= 0x80) return "a map of ASCII letters";
      }
    }
    if (rows[0].empty()) return "a map with at least one column";
    return std::nullopt;
  }

  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table =
        KwargTable<Params>()
            .add_custom(
                "desc", "list[str] | None",
                "custom map, one string per row (S start, F frozen, H hole, G goal); null: "
                "use map_name",
                [](Params& p, const Value& v) {
                  if (v.is_null()) {
                    p.desc.reset();
                    return;
                  }
                  if (!v.is_list()) throw std::string("a list of strings (the rows) or null");
                  std::vector<std::string> rows;
                  bool all_one_letter_strings = true;
                  for (const Value& row : v.as_list()) {
                    if (row.is_string()) {
                      rows.push_back(row.as_string());
                      if (row.as_string().size() != 1) all_one_letter_strings = false;
                    } else if (row.is_list()) {
                      all_one_letter_strings = false;
                      std::string text;
                      for (const Value& letter : row.as_list()) {
                        if (!letter.is_string() || letter.as_string().size() != 1) {
                          throw std::string(
                              "a list of rows, each a string or a list of "
                              "one-letter strings");
                        }
                        text += letter.as_string();
                      }
                      rows.push_back(std::move(text));
                    } else {
                      throw std::string("a list of strings (the rows) or null");
                    }
                  }
                  if (auto problem = desc_problem(rows)) throw *problem;
                  // numpy reads ["S", "G"] as one dimension, which gymnasium rejects.
                  if (all_one_letter_strings) {
                    throw std::string("a map whose string rows are at least 2 tiles wide");
                  }
                  p.desc = std::move(rows);
                },
                [](const Params& p) {
                  if (!p.desc) return Value(nullptr);
                  List rows;
                  for (const std::string& row : *p.desc) rows.emplace_back(row);
                  return Value(std::move(rows));
                })
            .add_custom(
                "map_name", "str | None",
                "\"4x4\" or \"8x8\", used when desc is null; both null: a random 8x8 map",
                [](Params& p, const Value& v) {
                  if (v.is_null()) {
                    p.map_name.reset();
                  } else if (v.is_string()) {
                    p.map_name = v.as_string();
                  } else {
                    throw std::string("a string or null");
                  }
                },
                [](const Params& p) { return p.map_name ? Value(*p.map_name) : Value(nullptr); })
            .add("is_slippery", &Params::is_slippery,
                 "move in the intended direction with probability success_rate, else "
                 "perpendicular")
            .add_custom(
                "success_rate", "float",
                "probability of the intended move when slippery (default 1/3)",
                [](Params& p, const Value& v) { p.success_rate = detail::number_from_value(v); },
                [](const Params& p) { return detail::number_value(p.success_rate); })
            .add_custom(
                "reward_schedule", "list[float]",
                "rewards for landing on the goal, a hole, frozen ice (default [1, 0, 0])",
                [](Params& p, const Value& v) {
                  if (!v.is_list() || v.as_list().size() < 3) {
                    throw std::string("a list of 3 numbers (goal, hole, frozen)");
                  }
                  std::vector<detail::PyNumber> schedule;
                  for (const Value& x : v.as_list()) {
                    if (!x.is_number())
                      throw std::string("a list of 3 numbers (goal, hole, frozen)");
                    schedule.push_back(detail::number_from_value(x));
                  }
                  p.reward_schedule = std::move(schedule);
                },
                [](const Params& p) {
                  List schedule;
                  for (const auto& n : p.reward_schedule)
                    schedule.push_back(detail::number_value(n));
                  return Value(std::move(schedule));
                });
    return table;
  }

  static EnvMetadata metadata() { return {{"human", "ansi", "rgb_array"}, 4}; }

  explicit FrozenLake(const Params& params) : model_(shared_model(params)) {}

  // The map's model (transitions, initial distribution, tiles, its cache
  // key), shared by every instance of the same map; a custom `desc` makes it
  // as large as the map.
  static Footprint footprint(const Params& params) {
    std::size_t cells = 64;  // a random map is 8x8
    if (params.desc) {
      cells = params.desc->size() * (params.desc->empty() ? 0 : params.desc->front().size());
    } else if (params.map_name && *params.map_name == "4x4") {
      cells = 16;
    }
    constexpr std::size_t kActions = 4;
    constexpr std::size_t kOutcomes = 3;  // slippery: the action and both sides
    constexpr std::size_t kPerCell = kActions * kOutcomes * sizeof(detail::TabularOutcome) +
                                     (kActions + 1) * sizeof(std::size_t) + sizeof(double) + 2;
    return Footprint{sizeof(FrozenLakeModel) + cells * kPerCell, 0};
  }

  Space observation_space() const { return Space::discrete(model_->nrow * model_->ncol); }
  Space action_space() const { return Space::discrete(4); }

  void reset(Generator& rng, const Value* /*options*/, Observation& obs, Info& info) {
    s_ = static_cast<std::int64_t>(detail::categorical_sample(model_->initial_cumsum, rng));
    last_action_ = -1;
    obs = s_;
    info = Info{1.0, true};
  }

  Transition step(const Action& action, Generator& rng, Observation& obs, Info& info) noexcept {
    const detail::TabularOutcome& o = model_->transitions.sample(s_, action, rng);
    s_ = o.next_state;
    last_action_ = action;
    obs = s_;
    info.prob = o.prob;
    info.prob_is_int = o.prob_is_int;
    return Transition{o.reward, o.terminated, o.reward_is_int};
  }

  // gymnasium's `_render_text`: the last action, then the map with the
  // agent's tile on a red background.
  std::string render_ansi() const {
    std::string out =
        last_action_ < 0 ? "\n" : "  (" + std::string(kActionNames[last_action_]) + ")\n";
    for (std::int64_t r = 0; r < model_->nrow; ++r) {
      for (std::int64_t c = 0; c < model_->ncol; ++c) {
        const std::int64_t state = r * model_->ncol + c;
        const char tile = model_->tile(state);
        // numpy's bytes_ drop a NUL letter: it prints as nothing.
        const std::string letter = tile == '\0' ? std::string() : std::string(1, tile);
        out += state == s_ ? "\x1b[41m" + letter + "\x1b[0m" : letter;
      }
      out += '\n';
    }
    return out;
  }

  // The map in use (after resolving desc / map_name / a random map).
  std::vector<std::string> desc() const {
    std::vector<std::string> rows;
    for (std::int64_t r = 0; r < model_->nrow; ++r) {
      rows.push_back(model_->tiles.substr(static_cast<std::size_t>(r * model_->ncol),
                                          static_cast<std::size_t>(model_->ncol)));
    }
    return rows;
  }
  std::int64_t state() const noexcept { return s_; }
  const detail::TabularModel& transitions() const noexcept { return model_->transitions; }

 private:
  static constexpr std::array<const char*, 4> kActionNames{"Left", "Down", "Right", "Up"};

  static std::vector<std::string> resolve_desc(const Params& params) {
    if (params.desc) {
      if (auto problem = desc_problem(*params.desc)) {
        throw Error(ErrorCode::kInvalidKwarg, "kwarg 'desc' of FrozenLake must be " + *problem);
      }
      return *params.desc;
    }
    if (!params.map_name) return generate_random_map();
    if (auto map = frozen_lake_map(*params.map_name)) return *map;
    throw Error(ErrorCode::kInvalidKwarg,
                "kwarg 'map_name' of FrozenLake must be \"4x4\", \"8x8\" or null, got '" +
                    *params.map_name + "'");
  }

  static std::shared_ptr<const FrozenLakeModel> shared_model(const Params& params) {
    if (params.reward_schedule.size() < 3) {
      throw Error(ErrorCode::kInvalidKwarg,
                  "kwarg 'reward_schedule' of FrozenLake must be a list of 3 numbers");
    }
    std::vector<std::string> rows = resolve_desc(params);
    std::string key;
    for (const std::string& row : rows) key += row + '\n';
    key += params.is_slippery ? "slippery;" : "dry;";
    detail::append_key(key, params.success_rate);
    for (std::size_t i = 0; i < 3; ++i) detail::append_key(key, params.reward_schedule[i]);
    static detail::SharedCache<FrozenLakeModel> cache;
    return cache.get(key, [&] { return build_model(rows, params); });
  }

  static FrozenLakeModel build_model(const std::vector<std::string>& rows, const Params& params) {
    FrozenLakeModel m;
    m.nrow = static_cast<std::int64_t>(rows.size());
    m.ncol = static_cast<std::int64_t>(rows[0].size());
    for (const std::string& row : rows) m.tiles += row;
    const std::int64_t nrow = m.nrow, ncol = m.ncol;
    const std::string& tiles = m.tiles;
    auto letter = [&](std::int64_t r, std::int64_t c) {
      return tiles[static_cast<std::size_t>(r * ncol + c)];
    };
    // `bytes(letter) in b"GH"`: a NUL letter is numpy's b'', which is "in"
    // every bytes object, so it acts as a terminal goal.
    auto terminal = [](char t) { return t == 'G' || t == 'H' || t == '\0'; };
    auto schedule_index = [](char t) -> std::size_t {
      return t == 'G' || t == '\0' ? 0 : t == 'H' ? 1 : 2;
    };
    auto move = [&](std::int64_t r, std::int64_t c, std::int64_t a) {
      if (a == kLeft) c = std::max<std::int64_t>(c - 1, 0);
      if (a == kDown) r = std::min(r + 1, nrow - 1);
      if (a == kRight) c = std::min(c + 1, ncol - 1);
      if (a == kUp) r = std::max<std::int64_t>(r - 1, 0);
      return std::pair{r, c};
    };
    auto outcome = [&](std::int64_t r, std::int64_t c, std::int64_t a, double prob,
                       bool prob_is_int) {
      const auto [nr, nc] = move(r, c, a);
      const char t = letter(nr, nc);
      const detail::PyNumber reward = params.reward_schedule[schedule_index(t)];
      return detail::TabularOutcome{prob,        reward.value, nr * ncol + nc,
                                    terminal(t), prob_is_int,  reward.is_int};
    };
    const double success = params.success_rate.value;
    const double fail = (1.0 - success) / 2.0;
    m.transitions = detail::TabularModel(
        nrow * ncol, 4,
        [&](std::int64_t s, std::int64_t a, std::vector<detail::TabularOutcome>& out) {
          const std::int64_t r = s / ncol, c = s % ncol;
          if (terminal(letter(r, c))) {
            out.push_back(detail::TabularOutcome{1.0, 0.0, s, true, false, true});
          } else if (params.is_slippery) {
            for (const std::int64_t b : {(a + 3) % 4, a, (a + 1) % 4}) {
              out.push_back(b == a ? outcome(r, c, b, success, params.success_rate.is_int)
                                   : outcome(r, c, b, fail, false));
            }
          } else {
            out.push_back(outcome(r, c, a, 1.0, false));
          }
        });
    // initial_state_distrib: (desc == b"S") / count, NaN without a start tile.
    const auto starts = static_cast<double>(std::count(tiles.begin(), tiles.end(), 'S'));
    std::vector<double> initial(tiles.size());
    for (std::size_t i = 0; i < tiles.size(); ++i)
      initial[i] = (tiles[i] == 'S' ? 1.0 : 0.0) / starts;
    m.initial_cumsum = detail::cumulative_sum(initial);
    return m;
  }

  std::shared_ptr<const FrozenLakeModel> model_;
  std::int64_t s_ = 0;
  std::int64_t last_action_ = -1;  // none since reset
};

inline void to_value(const FrozenLake::Info& info, Value& out) {
  Dict& d = out.emplace_dict();
  d.clear();
  d.emplace_back("prob", detail::number_value(info.prob, info.prob_is_int));
}

}  // namespace gymcc::envs
