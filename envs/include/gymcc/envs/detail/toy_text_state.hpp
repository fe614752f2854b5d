#pragma once
// Snapshots of the toy-text envs (EnvState, snapshot.hpp): positions, last
// actions, Blackjack's hands and dealer card, Taxi's fickle passenger, the
// last observation and info. Maps and transition tables come from the
// kwargs; a FrozenLake whose map was generated adds it to the kwargs, so a
// clone made elsewhere gets the same map.

#include <cstdint>
#include <string>

#include "gymcc/detail/runner_state.hpp"
#include "gymcc/envs/toy_text/blackjack.hpp"
#include "gymcc/envs/toy_text/cliff_walking.hpp"
#include "gymcc/envs/toy_text/frozen_lake.hpp"
#include "gymcc/envs/toy_text/taxi.hpp"

namespace gymcc {
namespace detail {

// {"prob": number, "prob_is_int": bool}, the part every tabular info shares.
template <class Info>
void save_prob(const Info& info, Dict& out) {
  out.emplace_back("prob", Value(info.prob));
  out.emplace_back("prob_is_int", Value(info.prob_is_int));
}

template <class Info>
void load_prob(Info& info, const StateReader& in) {
  info.prob = in.number("prob");
  info.prob_is_int = in.boolean("prob_is_int");
}

inline Value save_hand(const envs::BlackjackHand& hand) {
  return Value(Dict{{"total", Value(hand.total)},
                    {"cards", Value(hand.cards)},
                    {"first", Value(hand.first)},
                    {"has_ace", Value(hand.has_ace)}});
}

// Every card is worth 1 to 10 (aces as 1): a hand's total lies between its
// card count and ten times it.
inline envs::BlackjackHand load_hand(const StateReader& in) {
  envs::BlackjackHand hand;
  hand.cards = in.integer("cards", 0, 1'000'000);
  hand.total = in.integer("total", hand.cards, 10 * hand.cards);
  hand.first = in.integer("first", hand.cards == 0 ? 0 : 1, hand.cards == 0 ? 0 : 10);
  hand.has_ace = in.boolean("has_ace");
  if (hand.cards == 1 && hand.total != hand.first) {
    throw_invalid_state(in.field_path("total"), "must equal the only card");
  }
  if (hand.has_ace && hand.cards == 0)
    throw_invalid_state(in.field_path("has_ace"), "needs a card");
  if (hand.first == 1 && !hand.has_ace) {
    throw_invalid_state(in.field_path("has_ace"), "must be true when the first card is an ace");
  }
  return hand;
}

}  // namespace detail

template <>
struct EnvState<envs::FrozenLake> {
  using E = envs::FrozenLake;
  static void save(const E& env, const E::Observation& obs, const E::Info& info, Dict& out) {
    out.emplace_back("s", Value(env.s_));
    out.emplace_back("last_action", Value(env.last_action_));
    out.emplace_back("observation", Value(obs));
    Dict i;
    detail::save_prob(info, i);
    out.emplace_back("info", Value(std::move(i)));
  }
  static void load(E& env, E::Observation& obs, E::Info& info, const StateReader& in) {
    const std::int64_t states = env.model_->nrow * env.model_->ncol;
    const std::int64_t s = in.integer("s", 0, states - 1);
    const std::int64_t last_action = in.integer("last_action", -1, 3);
    const std::int64_t o = in.integer("observation", 0, states - 1);
    E::Info i;
    detail::load_prob(i, in.child("info"));
    env.s_ = s;
    env.last_action_ = last_action;
    obs = o;
    info = i;
  }
  // The map itself, so that a randomly generated one survives a clone.
  static void kwargs_override(const E& env, Dict& out) {
    List rows;
    const auto ncol = static_cast<std::size_t>(env.model_->ncol);
    for (std::size_t r = 0; r < static_cast<std::size_t>(env.model_->nrow); ++r) {
      rows.push_back(Value(env.model_->tiles.substr(r * ncol, ncol)));
    }
    out.emplace_back("desc", Value(std::move(rows)));
  }
};

template <>
struct EnvState<envs::CliffWalking> {
  using E = envs::CliffWalking;
  static void save(const E& env, const E::Observation& obs, const E::Info& info, Dict& out) {
    out.emplace_back("s", Value(env.s_));
    out.emplace_back("observation", Value(obs));
    Dict i;
    detail::save_prob(info, i);
    out.emplace_back("info", Value(std::move(i)));
  }
  static void load(E& env, E::Observation& obs, E::Info& info, const StateReader& in) {
    const std::int64_t s = in.integer("s", 0, E::kStates - 1);
    const std::int64_t o = in.integer("observation", 0, E::kStates - 1);
    E::Info i;
    detail::load_prob(i, in.child("info"));
    env.s_ = s;
    obs = o;
    info = i;
  }
};

template <>
struct EnvState<envs::Taxi> {
  using E = envs::Taxi;
  static void save(const E& env, const E::Observation& obs, const E::Info& info, Dict& out) {
    out.emplace_back("s", Value(env.s_));
    out.emplace_back("last_action", Value(env.last_action_));
    out.emplace_back("fickle_step", Value(env.fickle_step_));
    out.emplace_back("observation", Value(obs));
    Dict i;
    detail::save_prob(info, i);
    List mask;
    for (const std::int8_t m : info.action_mask) mask.push_back(Value(std::int64_t{m}));
    i.emplace_back("action_mask", Value(std::move(mask)));
    out.emplace_back("info", Value(std::move(i)));
  }
  static void load(E& env, E::Observation& obs, E::Info& info, const StateReader& in) {
    const std::int64_t s = in.integer("s", 0, E::kStates - 1);
    const std::int64_t last_action = in.integer("last_action", -1, E::kActions - 1);
    const bool fickle_step = in.boolean("fickle_step");
    const std::int64_t o = in.integer("observation", 0, E::kStates - 1);
    const StateReader info_in = in.child("info");
    E::Info i;
    detail::load_prob(i, info_in);
    const Value& mask = info_in.field("action_mask");
    if (!mask.is_list() || mask.as_list().size() != i.action_mask.size()) {
      throw_invalid_state(info_in.field_path("action_mask"), "must be a list of 6 integers");
    }
    for (std::size_t k = 0; k < i.action_mask.size(); ++k) {
      const Value& m = mask.as_list()[k];
      if (!m.is_int() || (m.as_int() != 0 && m.as_int() != 1)) {
        throw_invalid_state(info_in.field_path("action_mask"), "must hold only 0 and 1");
      }
      i.action_mask[k] = static_cast<std::int8_t>(m.as_int());
    }
    env.s_ = s;
    env.last_action_ = last_action;
    env.fickle_step_ = fickle_step;
    obs = o;
    info = i;
  }
};

template <>
struct EnvState<envs::Blackjack> {
  using E = envs::Blackjack;
  static void save(const E& env, const E::Observation& obs, const E::Info&, Dict& out) {
    out.emplace_back("dealer", detail::save_hand(env.dealer_));
    out.emplace_back("player", detail::save_hand(env.player_));
    out.emplace_back("dealer_top_card", Value(env.dealer_top_card()));
    out.emplace_back("observation", Value(List{Value(obs.player_sum), Value(obs.dealer_card),
                                               Value(obs.usable_ace)}));
  }
  static void load(E& env, E::Observation& obs, E::Info&, const StateReader& in) {
    const envs::BlackjackHand dealer = detail::load_hand(in.child("dealer"));
    const envs::BlackjackHand player = detail::load_hand(in.child("player"));
    const std::string& top = in.string("dealer_top_card");
    const std::string suits = "CDHS";
    const bool face_ok = top.size() == 2 && suits.find(top[1]) != std::string::npos &&
                         (dealer.first == 1    ? top[0] == 'A'
                          : dealer.first == 10 ? (top[0] == 'J' || top[0] == 'Q' || top[0] == 'K')
                          : dealer.first == 0  ? top[0] == 'A'
                                               : top[0] == static_cast<char>('0' + dealer.first));
    if (!face_ok) {
      throw_invalid_state(in.field_path("dealer_top_card"),
                          "must be the dealer's first card and a suit, e.g. \"7H\" or \"QS\"");
    }
    const Value& o = in.field("observation");
    if (!o.is_list() || o.as_list().size() != 3) {
      throw_invalid_state(in.field_path("observation"), "must be a list of 3 integers");
    }
    E::Observation next_obs;
    std::int64_t* fields[3] = {&next_obs.player_sum, &next_obs.dealer_card, &next_obs.usable_ace};
    const std::int64_t highs[3] = {1'000'000, 10, 1};
    for (std::size_t k = 0; k < 3; ++k) {
      const Value& v = o.as_list()[k];
      if (!v.is_int() || v.as_int() < 0 || v.as_int() > highs[k]) {
        throw_invalid_state(in.field_path("observation") + "[" + std::to_string(k) + "]",
                            "must be an integer in [0, " + std::to_string(highs[k]) + "]");
      }
      *fields[k] = v.as_int();
    }
    env.dealer_ = dealer;
    env.player_ = player;
    env.face_ = top[0];
    env.suit_ = top[1];
    obs = next_obs;
  }
};

}  // namespace gymcc
