#pragma once
// Pieces shared by the tabular toy-text envs (FrozenLake, CliffWalking, Taxi):
// gymnasium's `categorical_sample`, an immutable transition table `P` laid
// out flat, a cache that lets every instance with the same parameters share
// one table, and numbers that remember whether Python saw an int or a float.
//
// categorical_sample(prob_n, np_random) in gymnasium is
//     np.argmax(np.cumsum(prob_n) > np_random.random())
// i.e. one `random()` draw, then the first index whose running sum (numpy's
// cumsum adds left to right) exceeds it, or 0 when none does (argmax of an
// all-False array, which also covers NaN probabilities). The draw is made
// even when the distribution has a single entry. We precompute the running
// sums with the same left-to-right additions, so the comparison sees the
// same doubles.

#include <bit>
#include <cassert>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gymcc/rng.hpp"
#include "gymcc/value.hpp"

namespace gymcc::envs::detail {

// A kwarg number as Python held it: `1` and `1.0` behave alike in arithmetic
// but surface differently (e.g. as `info["prob"]`, or as a reward).
struct PyNumber {
  double value = 0.0;
  bool is_int = false;

  friend bool operator==(const PyNumber&, const PyNumber&) = default;
};

inline Value number_value(double value, bool is_int) {
  return is_int ? Value(static_cast<std::int64_t>(value)) : Value(value);
}

inline Value number_value(PyNumber n) { return number_value(n.value, n.is_int); }

// Reads a kwarg number; bools are refused (JSON keeps them apart).
inline PyNumber number_from_value(const Value& v) {
  if (!v.is_number()) throw std::string("a number");
  return PyNumber{v.as_number(), v.is_int()};
}

// numpy's cumsum: running sums added left to right.
inline std::vector<double> cumulative_sum(std::span<const double> probabilities) {
  std::vector<double> sums(probabilities.size());
  double running = 0.0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    running = i == 0 ? probabilities[0] : running + probabilities[i];
    sums[i] = running;
  }
  return sums;
}

// The index categorical_sample picks for the draw `r`, given the running sums.
inline std::size_t categorical_index(std::span<const double> cumsum, double r) noexcept {
  for (std::size_t i = 0; i < cumsum.size(); ++i) {
    if (cumsum[i] > r) return i;
  }
  return 0;
}

// gymnasium's categorical_sample: one random() draw.
inline std::size_t categorical_sample(std::span<const double> cumsum, Generator& rng) noexcept {
  return categorical_index(cumsum, rng.random());
}

// One `(probability, next_state, reward, terminated)` tuple of `P[s][a]`,
// with the Python type of the probability and of the reward.
struct TabularOutcome {
  double prob = 1.0;
  double reward = 0.0;
  std::int64_t next_state = 0;
  bool terminated = false;
  bool prob_is_int = false;
  bool reward_is_int = true;
};

// gymnasium's `P` dict of dicts of lists, flattened: the outcomes of (s, a)
// are outcomes_[offsets_[s * n_actions + a] .. offsets_[s * n_actions + a + 1]).
class TabularModel {
 public:
  TabularModel() = default;

  // `fill(state, action, out)` appends the outcomes of P[state][action] to
  // `out`, in gymnasium's order.
  template <class Fill>
  TabularModel(std::int64_t n_states, std::int64_t n_actions, Fill&& fill)
      : n_states_(n_states), n_actions_(n_actions) {
    const auto entries = static_cast<std::size_t>(n_states * n_actions);
    offsets_.reserve(entries + 1);
    offsets_.push_back(0);
    std::vector<TabularOutcome> list;
    std::vector<double> probs;
    for (std::int64_t s = 0; s < n_states; ++s) {
      for (std::int64_t a = 0; a < n_actions; ++a) {
        list.clear();
        fill(s, a, list);
        probs.clear();
        for (const TabularOutcome& o : list) probs.push_back(o.prob);
        const std::vector<double> sums = cumulative_sum(probs);
        outcomes_.insert(outcomes_.end(), list.begin(), list.end());
        cumsum_.insert(cumsum_.end(), sums.begin(), sums.end());
        offsets_.push_back(static_cast<std::uint32_t>(outcomes_.size()));
      }
    }
  }

  std::int64_t n_states() const noexcept { return n_states_; }
  std::int64_t n_actions() const noexcept { return n_actions_; }

  // P[state][action].
  std::span<const TabularOutcome> outcomes(std::int64_t state, std::int64_t action) const {
    const auto [begin, end] = range(state, action);
    return {outcomes_.data() + begin, end - begin};
  }

  // `categorical_sample([t[0] for t in P[state][action]], rng)`, then the
  // chosen tuple. Preconditions: state and action in range.
  const TabularOutcome& sample(std::int64_t state, std::int64_t action,
                               Generator& rng) const noexcept {
    assert(state >= 0 && state < n_states_ && action >= 0 && action < n_actions_);
    const auto [begin, end] = range(state, action);
    const std::size_t i =
        categorical_sample(std::span<const double>(cumsum_.data() + begin, end - begin), rng);
    return outcomes_[begin + i];
  }

 private:
  std::pair<std::size_t, std::size_t> range(std::int64_t state,
                                            std::int64_t action) const noexcept {
    const auto entry = static_cast<std::size_t>(state * n_actions_ + action);
    return {offsets_[entry], offsets_[entry + 1]};
  }

  std::int64_t n_states_ = 0;
  std::int64_t n_actions_ = 0;
  std::vector<std::uint32_t> offsets_;
  std::vector<TabularOutcome> outcomes_;
  std::vector<double> cumsum_;
};

// Immutable per-parameter-set data (transition tables), shared by every
// instance built with the same parameters while any of them is alive.
template <class T>
class SharedCache {
 public:
  template <class Build>
  std::shared_ptr<const T> get(const std::string& key, Build&& build) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      if (auto alive = it->second.lock()) return alive;
    }
    std::shared_ptr<const T> made = std::make_shared<const T>(build());
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = it->second.expired() ? entries_.erase(it) : std::next(it);
    }
    entries_[key] = made;
    return made;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<const T>> entries_;
};

// Appends a double's exact bits to a cache key.
inline void append_key(std::string& key, double value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%016llx;",
                static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(value)));
  key += buffer;
}

inline void append_key(std::string& key, PyNumber n) {
  key += n.is_int ? 'i' : 'f';
  append_key(key, n.value);
}

}  // namespace gymcc::envs::detail
