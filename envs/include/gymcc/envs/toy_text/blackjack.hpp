#pragma once
// Blackjack-v1, gymnasium's BlackjackEnv (Sutton & Barto, Example 5.1).
//
// ## Description
// The player tries to beat the dealer by getting a hand closer to 21 without
// going over. Cards come from an infinite deck (drawn with replacement): an
// ace counts 1 or 11, number cards their value, face cards 10. The dealer
// shows one card. The player hits until they stick or go bust; then the
// dealer draws until their sum is at least 17, and the closer hand wins.
//
// ## Action Space
// Discrete(2): 0 stick, 1 hit.
//
// ## Observation Space
// Tuple(Discrete(32), Discrete(11), Discrete(2)): the player's sum (an ace
// counted as 11 when that does not bust), the dealer's showing card (1 = ace
// ... 10) and whether the player holds a usable ace — a list of three ints.
//
// ## Rewards
// Python floats: +1.0 win, -1.0 loss, 0.0 draw or a hit that does not bust;
// +1.5 for winning with a natural (ace + ten-card) when `natural` is set and
// `sab` is not.
//
// ## Starting State
// Two cards each, dealer first. Reset also draws the suit of the dealer's
// showing card and, for a ten-valued card, which of J/Q/K it is: gymnasium
// uses them only to render, but the draws advance the generator.
//
// ## Episode End
// Terminated when the player sticks or busts. No time limit is registered.
// Stepping after termination continues the game as gymnasium does: a hit adds
// a card (bust: -1.0), a stick scores the hands again (the dealer, already at
// 17 or more, draws nothing).
//
// ## Information
// Always `{}`.
//
// ## Arguments
// * `natural` (bool, default false): pay 1.5 for a winning natural.
// * `sab` (bool, default false; Blackjack-v1 registers true): Sutton & Barto's
//   rules — a natural beats any non-natural dealer hand (reward 1.0);
//   overrides `natural`.
//
// ## Version History
// * v1: natural handling fixed.
// * v0: first version.

#include <array>
#include <cstdint>
#include <string>

#include "gymcc/env.hpp"
#include "gymcc/kwargs.hpp"
#include "gymcc/rng.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"

namespace gymcc::envs {

// (player sum, dealer showing card, usable ace)
struct BlackjackObservation {
  std::int64_t player_sum = 0;
  std::int64_t dealer_card = 0;
  std::int64_t usable_ace = 0;

  friend bool operator==(const BlackjackObservation&, const BlackjackObservation&) = default;
};

inline void to_value(const BlackjackObservation& obs, Value& out) {
  if (!out.is_list()) out = Value(List{});
  List& l = out.as_list();
  l.resize(3);
  l[0] = Value(obs.player_sum);
  l[1] = Value(obs.dealer_card);
  l[2] = Value(obs.usable_ace);
}

// A hand of any length, summarised: gymnasium keeps the list of cards, but
// every rule only looks at the sum, whether an ace is held and the count.
struct BlackjackHand {
  std::int64_t total = 0;  // aces as 1
  std::int64_t cards = 0;
  std::int64_t first = 0;
  bool has_ace = false;

  void add(std::int64_t card) noexcept {
    if (cards == 0) first = card;
    total += card;
    ++cards;
    has_ace = has_ace || card == 1;
  }
  bool usable_ace() const noexcept { return has_ace && total + 10 <= 21; }
  std::int64_t sum() const noexcept { return usable_ace() ? total + 10 : total; }
  bool bust() const noexcept { return sum() > 21; }
  std::int64_t score() const noexcept { return bust() ? 0 : sum(); }
  // sorted(hand) == [1, 10]
  bool natural() const noexcept { return cards == 2 && has_ace && total == 11; }
};

class Blackjack {
  friend struct ::gymcc::EnvState<Blackjack>;  // snapshots (envs/detail/*_state.hpp)

 public:
  struct Params {
    bool natural = false;
    bool sab = false;
  };
  using Action = std::int64_t;
  using Observation = BlackjackObservation;
  using Info = NoInfo;

  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table =
        KwargTable<Params>()
            .add("natural", &Params::natural, "pay 1.5 for a winning natural blackjack")
            .add("sab", &Params::sab,
                 "Sutton & Barto's rules: a natural beats the dealer; overrides natural");
    return table;
  }

  static EnvMetadata metadata() { return {{"human", "rgb_array"}, 4}; }

  explicit Blackjack(const Params& params) : params_(params) {}

  Space observation_space() const {
    return Space::tuple({Space::discrete(32), Space::discrete(11), Space::discrete(2)});
  }
  Space action_space() const { return Space::discrete(2); }

  void reset(Generator& rng, const Value* /*options*/, Observation& obs, Info& /*info*/) {
    dealer_ = BlackjackHand{};
    player_ = BlackjackHand{};
    dealer_.add(draw_card(rng));
    dealer_.add(draw_card(rng));
    player_.add(draw_card(rng));
    player_.add(draw_card(rng));
    // The face-up card's look, for rendering only — but drawn all the same.
    suit_ = kSuits[static_cast<std::size_t>(rng.integers(4))];
    if (dealer_.first == 1) {
      face_ = 'A';
    } else if (dealer_.first == 10) {
      face_ = kFaces[static_cast<std::size_t>(rng.integers(3))];
    } else {
      face_ = static_cast<char>('0' + dealer_.first);
    }
    obs = observation();
  }

  Transition step(const Action& action, Generator& rng, Observation& obs, Info& /*info*/) noexcept {
    double reward = 0.0;
    bool terminated = false;
    if (action != 0) {  // hit
      player_.add(draw_card(rng));
      terminated = player_.bust();
      reward = terminated ? -1.0 : 0.0;
    } else {  // stick: the dealer plays, then compare
      terminated = true;
      while (dealer_.sum() < 17) dealer_.add(draw_card(rng));
      const std::int64_t mine = player_.score(), theirs = dealer_.score();
      reward = static_cast<double>(mine > theirs) - static_cast<double>(mine < theirs);
      if (params_.sab && player_.natural() && !dealer_.natural()) {
        reward = 1.0;
      } else if (!params_.sab && params_.natural && player_.natural() && reward == 1.0) {
        reward = 1.5;
      }
    }
    obs = observation();
    return Transition{reward, terminated, false};
  }

  const BlackjackHand& player() const noexcept { return player_; }
  const BlackjackHand& dealer() const noexcept { return dealer_; }
  // The dealer's face-up card as gymnasium names it for rendering, e.g. "KS",
  // "AH", "7D" ("10" is always J, Q or K).
  std::string dealer_top_card() const { return std::string(1, face_) + suit_; }

 private:
  static constexpr std::array<std::int64_t, 13> kDeck{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10};
  static constexpr std::array<char, 4> kSuits{'C', 'D', 'H', 'S'};
  static constexpr std::array<char, 3> kFaces{'J', 'Q', 'K'};

  // int(np_random.choice(deck))
  static std::int64_t draw_card(Generator& rng) noexcept {
    return kDeck[static_cast<std::size_t>(rng.integers(13))];
  }

  Observation observation() const noexcept {
    return Observation{player_.sum(), dealer_.first, player_.usable_ace() ? 1 : 0};
  }

  Params params_;
  BlackjackHand dealer_;
  BlackjackHand player_;
  char suit_ = 'C';
  char face_ = 'A';
};

}  // namespace gymcc::envs
