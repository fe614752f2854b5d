#pragma once
// `StaticVectorEnv<E>`: N `Runner<E>` with structure-of-arrays results —
// observations as one contiguous N x obs-size array in the observation's own
// scalar type, rewards as double[N], flags as 0/1 bytes[N] (numpy's bool
// layout) — so that bindings can view them as numpy arrays without copies.
// Steps allocate nothing; optional worker threads for large N. The vector
// counterpart of wrappers.hpp's Runner<E> (see vector_env.hpp).

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "gymcc/detail/flat_layout.hpp"
#include "gymcc/env.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"
#include "gymcc/vector_env.hpp"
#include "gymcc/vector_utils.hpp"
#include "gymcc/worker_pool.hpp"
#include "gymcc/wrappers.hpp"

namespace gymcc {
// N sub-envs of type E behind gymnasium's SyncVectorEnv semantics.
template <StaticEnv E>
class StaticVectorEnv {
 public:
  using Params = typename E::Params;
  using Action = typename E::Action;
  using Observation = typename E::Observation;
  using Info = typename E::Info;
  using ObservationLayout = detail::FlatLayout<Observation>;
  // The observation buffer's element: the scalar of a flat observation
  // (float for std::array<float, K>, std::int64_t for an index), else the
  // whole Observation.
  using ObservationElement = typename ObservationLayout::Element;
  static constexpr bool kFlatObservations = ObservationLayout::kFlat;
  static constexpr std::size_t kObservationSize = ObservationLayout::kSize;

  StaticVectorEnv(std::size_t num_envs, const Params& params = {},
                  std::optional<std::int64_t> max_episode_steps = std::nullopt,
                  AutoresetMode autoreset_mode = AutoresetMode::kNextStep)
      : autoreset_mode_(autoreset_mode),
        observations_(num_envs * kObservationSize),
        rewards_(num_envs, 0.0),
        terminations_(num_envs, 0),
        truncations_(num_envs, 0),
        needs_reset_(num_envs, 0),
        has_info_(num_envs, 0),
        has_final_(num_envs, 0),
        final_observations_(autoreset_mode == AutoresetMode::kSameStep ? num_envs : 0),
        final_infos_(autoreset_mode == AutoresetMode::kSameStep ? num_envs : 0) {
    if (num_envs == 0) {
      throw Error(ErrorCode::kInvalidArgument, "num_envs must be at least 1");
    }
    runners_.reserve(num_envs);
    for (std::size_t i = 0; i < num_envs; ++i) runners_.emplace_back(params, max_episode_steps);
    single_observation_space_ = runners_[0].env().observation_space();
    single_action_space_ = runners_[0].env().action_space();
    observation_shape_ = Shape{static_cast<std::int64_t>(num_envs)};
    const Shape& single_shape = single_observation_space_->shape();
    observation_shape_.insert(observation_shape_.end(), single_shape.begin(), single_shape.end());
    if constexpr (kFlatObservations) {
      if (shape_size(single_shape) != static_cast<std::int64_t>(kObservationSize)) {
        throw Error(ErrorCode::kInvalidArgument, "the observation type holds " +
                                                     std::to_string(kObservationSize) +
                                                     " numbers but the observation space is " +
                                                     single_observation_space_->to_string());
      }
    }
  }

  std::size_t num_envs() const noexcept { return runners_.size(); }
  AutoresetMode autoreset_mode() const noexcept { return autoreset_mode_; }
  const Space& single_observation_space() const noexcept { return *single_observation_space_; }
  const Space& single_action_space() const noexcept { return *single_action_space_; }

  // Steps on `threads` threads (the caller's included); 1 steps serially.
  // Results are identical either way: every sub-env has its own generator.
  void set_num_threads(std::size_t threads) {
    threads = std::min(threads, num_envs());
    if (threads <= 1) {
      pool_.reset();
    } else if (!pool_ || pool_->threads() != threads) {
      pool_ = std::make_unique<detail::WorkerPool>(threads);
    }
  }
  std::size_t num_threads() const noexcept { return pool_ ? pool_->threads() : 1; }

  // gymnasium's `reset(seed=seed, options=options)`: sub-env i is reset with
  // `seed + i` (without a seed each keeps its generator's stream). Options go
  // to every sub-env, except `options["reset_mask"]`, which selects the
  // sub-envs to reset (see reset_masked).
  void reset(const std::optional<Seed>& seed = std::nullopt, const Value* options = nullptr) {
    seeds_.assign(num_envs(), std::nullopt);
    if (seed) {
      for (std::size_t i = 0; i < num_envs(); ++i) seeds_[i] = detail::offset_seed(*seed, i);
    }
    reset_with_options(seeds_, options);
  }

  // gymnasium's `reset(seed=[s0, s1, ...])`: one seed (or none) per sub-env.
  void reset(std::span<const std::optional<Seed>> seeds, const Value* options = nullptr) {
    check_seed_count(seeds.size());
    reset_with_options(seeds, options);
  }

  // Resets only the sub-envs whose `mask` entry is non-zero, each with its
  // seed; the others keep their state, flags and last observation. The
  // infos then hold only the reset sub-envs' infos.
  void reset_masked(std::span<const std::optional<Seed>> seeds, const Value* options,
                    std::span<const std::uint8_t> mask) {
    check_seed_count(seeds.size());
    if (mask.size() != num_envs()) {
      throw Error(ErrorCode::kInvalidOptions, "the reset mask needs one entry per sub-env (" +
                                                  std::to_string(num_envs()) + "), got " +
                                                  std::to_string(mask.size()));
    }
    std::fill(has_final_.begin(), has_final_.end(), 0);
    for (std::size_t i = 0; i < num_envs(); ++i) {
      has_info_[i] = mask[i] ? 1 : 0;
      if (!mask[i]) continue;
      terminations_[i] = truncations_[i] = needs_reset_[i] = 0;
      runners_[i].reset(seeds[i], options);
      store_observation(i);
    }
  }

  // Throws as gymnasium would if stepping now is an error: a sub-env was
  // never reset, or (autoreset disabled) one has ended and was not reset.
  void check_can_step() const {
    for (const Runner<E>& runner : runners_) runner.order().check_step();
    if (autoreset_mode_ == AutoresetMode::kDisabled &&
        std::any_of(needs_reset_.begin(), needs_reset_.end(), [](std::uint8_t f) { return f; })) {
      detail::throw_disabled_autoreset(needs_reset_);
    }
  }

  // Steps sub-env i with actions[i], which must be valid actions (see
  // Space::action_problem), autoresetting as the mode says. Allocates
  // nothing.
  void step(std::span<const Action> actions) {
    if (actions.size() != num_envs()) {
      throw Error(ErrorCode::kInvalidAction, "expected " + std::to_string(num_envs()) +
                                                 " actions, got " + std::to_string(actions.size()));
    }
    check_can_step();
    if (pool_) {
      StepTask task{this, actions.data()};
      pool_->run(&StepTask::run, &task);
    } else {
      for (std::size_t i = 0; i < num_envs(); ++i) step_one(i, actions[i]);
    }
  }

  // ---- Results of the last reset or step -----------------------------------

  // num_envs * kObservationSize elements, sub-env by sub-env (C order of
  // shape observation_shape()).
  std::span<const ObservationElement> observations() const noexcept { return observations_; }
  // [num_envs, ...single observation shape].
  const Shape& observation_shape() const noexcept { return observation_shape_; }
  std::span<const double> rewards() const noexcept { return rewards_; }
  // 0 or 1 per sub-env, as numpy stores bools.
  std::span<const std::uint8_t> terminations() const noexcept { return terminations_; }
  std::span<const std::uint8_t> truncations() const noexcept { return truncations_; }

  // Whether sub-env i's current info is part of the last call's infos: every
  // sub-env's after a step or a full reset, only the reset ones' after a
  // masked reset.
  bool has_info(std::size_t i) const noexcept { return has_info_[i] != 0; }
  // Same-step autoreset: whether sub-env i ended in the last step, and the
  // observation and info it ended with (its runner holds the reset ones).
  bool has_final(std::size_t i) const noexcept { return has_final_[i] != 0; }
  const Observation& final_observation(std::size_t i) const noexcept {
    return final_observations_[i];
  }
  const Info& final_info(std::size_t i) const noexcept { return final_infos_[i]; }

  const Runner<E>& runner(std::size_t i) const noexcept { return runners_[i]; }
  Runner<E>& runner(std::size_t i) noexcept { return runners_[i]; }

  // ---- Snapshots (detail/vector_env_state.hpp) -------------------------------

  // Replaces every sub-env and the last step's rewards and flags (num_envs
  // each; the flags decide the next autoreset). The restored env reports each
  // sub-env's current observation and info; a same-step autoreset's
  // final_obs/final_info were the last step's to report and are not kept.
  void restore(std::vector<Runner<E>>&& runners, std::span<const double> rewards,
               std::span<const std::uint8_t> terminations,
               std::span<const std::uint8_t> truncations) {
    runners_ = std::move(runners);
    for (std::size_t i = 0; i < num_envs(); ++i) {
      rewards_[i] = rewards[i];
      terminations_[i] = terminations[i];
      truncations_[i] = truncations[i];
      needs_reset_[i] = terminations[i] | truncations[i];
      has_info_[i] = 1;
      has_final_[i] = 0;
      store_observation(i);
    }
  }
  // Replaces sub-env i alone, as a masked reset would: its reward and flags
  // are cleared, the others keep theirs.
  void restore_one(std::size_t i, Runner<E>&& runner) {
    runners_[i] = std::move(runner);
    rewards_[i] = 0.0;
    terminations_[i] = truncations_[i] = needs_reset_[i] = 0;
    std::fill(has_final_.begin(), has_final_.end(), 0);
    std::fill(has_info_.begin(), has_info_.end(), 0);
    has_info_[i] = 1;
    store_observation(i);
  }

  // ---- Value forms (allocate; for the type-erased layer) -------------------

  // The observations as gymnasium returns them (see detail::concatenate).
  void observations_value(Value& out) const {
    if constexpr (kFlatObservations) {
      Array& array =
          out.emplace_array(detail::buffer_dtype<ObservationElement>(), observation_shape_);
      std::copy(observations_.begin(), observations_.end(), array.data.begin());
    } else {
      std::vector<Value> values(num_envs());
      std::vector<const Value*> items(num_envs());
      for (std::size_t i = 0; i < num_envs(); ++i) {
        to_value(observations_[i], values[i]);
        items[i] = &values[i];
      }
      detail::concatenate(*single_observation_space_, items, out);
    }
  }

  // The infos as gymnasium returns them: SyncVectorEnv's order of
  // `_add_info` calls, sub-env by sub-env, a same-step autoreset's
  // {"final_obs", "final_info"} before that sub-env's reset info.
  void infos_value(Value& out) const {
    Dict& infos = out.emplace_dict();
    infos.clear();
    Value info;
    for (std::size_t i = 0; i < num_envs(); ++i) {
      if (has_final_[i]) {
        Value ending(Dict{{"final_obs", Value()}, {"final_info", Value()}});
        to_value(final_observations_[i], ending.as_dict()[0].second);
        to_value(final_infos_[i], ending.as_dict()[1].second);
        detail::add_info(infos, ending, i, num_envs());
      }
      if constexpr (!std::is_same_v<Info, NoInfo>) {
        if (has_info_[i]) {
          to_value(runners_[i].info(), info);
          detail::add_info(infos, info, i, num_envs());
        }
      }
    }
  }

 private:
  struct StepTask {
    StepTask(StaticVectorEnv* env_in, const Action* actions_in)
        : env(env_in), actions(actions_in) {}
    StaticVectorEnv* env;
    const Action* actions;
    static void run(void* context, std::size_t part, std::size_t parts) {
      auto* task = static_cast<StepTask*>(context);
      const std::size_t n = task->env->num_envs();
      const std::size_t end = n * (part + 1) / parts;
      for (std::size_t i = n * part / parts; i < end; ++i) {
        task->env->step_one(i, task->actions[i]);
      }
    }
  };

  void check_seed_count(std::size_t count) const {
    if (count != num_envs()) {
      throw Error(ErrorCode::kInvalidSeed,
                  "If seeds are passed as a list the length must match num_envs=" +
                      std::to_string(num_envs()) + " but got length=" + std::to_string(count) +
                      ".");
    }
  }

  void reset_with_options(std::span<const std::optional<Seed>> seeds, const Value* options) {
    if (detail::extract_reset_mask(options, num_envs(), mask_, options_without_mask_)) {
      reset_masked(seeds, &options_without_mask_, mask_);
      return;
    }
    std::fill(terminations_.begin(), terminations_.end(), 0);
    std::fill(truncations_.begin(), truncations_.end(), 0);
    std::fill(needs_reset_.begin(), needs_reset_.end(), 0);
    std::fill(has_final_.begin(), has_final_.end(), 0);
    std::fill(has_info_.begin(), has_info_.end(), 1);
    for (std::size_t i = 0; i < num_envs(); ++i) {
      runners_[i].reset(seeds[i], options);
      store_observation(i);
    }
  }

  void step_one(std::size_t i, const Action& action) {
    Runner<E>& runner = runners_[i];
    has_info_[i] = 1;
    has_final_[i] = 0;
    if (autoreset_mode_ == AutoresetMode::kNextStep && needs_reset_[i]) {
      runner.reset(std::nullopt, nullptr);
      rewards_[i] = 0.0;
      terminations_[i] = truncations_[i] = 0;
    } else {
      const StepOutcome outcome = runner.step(action);
      rewards_[i] = outcome.reward;
      terminations_[i] = outcome.terminated ? 1 : 0;
      truncations_[i] = outcome.truncated ? 1 : 0;
      if (autoreset_mode_ == AutoresetMode::kSameStep &&
          (outcome.terminated || outcome.truncated)) {
        final_observations_[i] = runner.observation();
        final_infos_[i] = runner.info();
        has_final_[i] = 1;
        runner.reset(std::nullopt, nullptr);
      }
    }
    needs_reset_[i] = terminations_[i] | truncations_[i];
    store_observation(i);
  }

  void store_observation(std::size_t i) {
    const Observation& obs = runners_[i].observation();
    if constexpr (kFlatObservations) {
      const ObservationElement* first = ObservationLayout::begin(obs);
      std::copy(first, first + kObservationSize, observations_.begin() + i * kObservationSize);
    } else {
      observations_[i] = obs;
    }
  }

  AutoresetMode autoreset_mode_;
  std::vector<Runner<E>> runners_;
  // Spaces are built once (an env builds them per call); optional because
  // Space has no default constructor.
  std::optional<Space> single_observation_space_;
  std::optional<Space> single_action_space_;
  Shape observation_shape_;
  std::vector<ObservationElement> observations_;
  std::vector<double> rewards_;
  std::vector<std::uint8_t> terminations_;
  std::vector<std::uint8_t> truncations_;
  std::vector<std::uint8_t> needs_reset_;  // gymnasium's _autoreset_envs
  std::vector<std::uint8_t> has_info_;
  std::vector<std::uint8_t> has_final_;
  std::vector<Observation> final_observations_;  // same-step mode only
  std::vector<Info> final_infos_;                // same-step mode only
  std::unique_ptr<detail::WorkerPool> pool_;
  // Scratch for reset, kept to spare allocations on repeated resets.
  std::vector<std::optional<Seed>> seeds_;
  std::vector<std::uint8_t> mask_;
  Value options_without_mask_;
};

}  // namespace gymcc
