#pragma once
// Vector environments: N copies of one env stepped together, with the
// semantics of gymnasium's SyncVectorEnv
// (`gymnasium.make_vec(id, n, vectorization_mode="sync")`), in two layers
// like env.hpp's:
//
//  * `StaticVectorEnv<E>`: N `Runner<E>` and structure-of-arrays results —
//    observations as one contiguous N x obs-size array in the observation's
//    own scalar type, rewards as double[N], flags as 0/1 bytes[N] (numpy's
//    bool layout) — so that bindings can view them as numpy arrays without
//    copies. Steps allocate nothing; optional worker threads for large N.
//  * `VectorEnv`: the type-erased form `Registry::make_vec` builds for any env
//    registered with `register_env<E>`; Values in and out (observations
//    batched as gymnasium batches them, infos as gymnasium's dict of arrays
//    with `_key` masks) for the CLI, server and bindings.
//
// Autoreset modes are gymnasium's (see AutoresetMode). Seeding is too:
// `reset(seed)` gives sub-env i the seed `seed + i`, and
// `options["reset_mask"]` resets only the sub-envs it marks.

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "gymcc/env.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/registry.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"
#include "gymcc/wrappers.hpp"

namespace gymcc {

// What a vector env does with a sub-env whose episode ended (gymnasium's
// AutoresetMode, https://farama.org/Vector-Autoreset-Mode).
enum class AutoresetMode : std::uint8_t {
  // The step after the end resets that sub-env instead of stepping it (its
  // action is ignored): reward 0, terminated = truncated = false, the reset
  // observation and the reset info.
  kNextStep,
  // The ending step resets the sub-env at once: it reports the final reward
  // and flags with the reset observation and info; infos["final_obs"] and
  // infos["final_info"] hold what the episode ended with.
  kSameStep,
  // Nothing is reset automatically; stepping a finished sub-env is an error
  // until `reset(options={"reset_mask": ...})` resets it.
  kDisabled
};

// gymnasium's AutoresetMode values: "NextStep", "SameStep", "Disabled".
std::string_view autoreset_mode_name(AutoresetMode mode) noexcept;
// The inverse; throws Error(kInvalidArgument) with gymnasium's message
// ("'x' is not a valid AutoresetMode") for any other text.
AutoresetMode parse_autoreset_mode(std::string_view name);

// gymnasium.vector.utils.batch_space: the space of n stacked samples.
// Discrete(k, start) -> MultiDiscrete([k]*n, start=[start]*n); Box -> Box of
// shape (n, *shape) with tiled bounds; MultiDiscrete -> int64 Box of
// [start, start + nvec - 1]; MultiBinary -> int8 Box(0, 1); Tuple and Dict
// batch each part. The result is unseeded (gymnasium copies the unseeded
// single space's generator, which seeds from entropy just the same).
Space batch_space(const Space& space, std::int64_t n);

namespace detail {

// `seed + offset` for an arbitrary-precision seed.
Seed offset_seed(const Seed& seed, std::uint64_t offset);

// Reads `options["reset_mask"]` with gymnasium's checks (a bool array or,
// since JSON has no numpy arrays, a list of bools, of shape (num_envs,), with
// a true entry); Error(kInvalidOptions) otherwise. Returns false when the
// options have no mask; else fills `mask` (0/1) and sets `rest` to the
// options without the mask, which the sub-envs receive.
bool extract_reset_mask(const Value* options, std::size_t num_envs, std::vector<std::uint8_t>& mask,
                        Value& rest);

// gymnasium's VectorEnv._add_info: merges sub-env `env_index`'s info dict into
// the batched infos. The first value of a key fixes its batch: bool, int and
// float become bool/int64/float64 arrays of num_envs, an array (or numpy
// scalar) of dtype d and shape s a d array of shape (num_envs, *s), a dict a
// nested batch, anything else (and "final_obs") a list of num_envs values,
// null where absent. Later values are cast to that batch's dtype as numpy
// assigns them (an int batch truncates 0.5 to 0). Each key gets a `_key` bool
// mask of the sub-envs that reported it, right after the key.
void add_info(Dict& vector_infos, const Value& env_info, std::size_t env_index,
              std::size_t num_envs);

// gymnasium.vector.utils.concatenate: stacks one sample per sub-env of
// `space` (Values as to_value writes them) into the batched Value: an array
// of shape (n, *shape) for Box/Discrete/MultiDiscrete/MultiBinary, a list of
// batched parts for Tuple, a dict for Dict.
void concatenate(const Space& space, std::span<const Value* const> items, Value& out);

// Error(kResetNeeded) naming the finished sub-envs that autoreset_mode
// Disabled requires the caller to reset (gymnasium asserts instead).
[[noreturn]] void throw_disabled_autoreset(std::span<const std::uint8_t> needs_reset);

// A fixed set of threads that run one task split into parts: part 0 on the
// calling thread, parts 1.. on the workers. `run` returns when every part is
// done and rethrows the first exception a part threw.
class WorkerPool {
 public:
  using Task = void (*)(void* context, std::size_t part, std::size_t parts);

  explicit WorkerPool(std::size_t threads);  // threads >= 2, caller included
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::size_t threads() const noexcept { return workers_.size() + 1; }
  void run(Task task, void* context);

 private:
  void work(std::size_t part);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  Task task_ = nullptr;
  void* context_ = nullptr;
  std::uint64_t generation_ = 0;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> workers_;
};

template <class T>
inline constexpr bool kIsBufferScalar =
    std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, std::int64_t> ||
    std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int8_t> ||
    std::is_same_v<T, std::uint8_t>;

template <class T>
constexpr DType buffer_dtype() noexcept {
  if constexpr (std::is_same_v<T, float>) {
    return DType::kFloat32;
  } else if constexpr (std::is_same_v<T, double>) {
    return DType::kFloat64;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return DType::kInt64;
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    return DType::kInt32;
  } else if constexpr (std::is_same_v<T, std::int8_t>) {
    return DType::kInt8;
  } else {
    return DType::kUInt8;
  }
}

// How an observation (or action) type lays out in a batch buffer. A flat
// type — a scalar index or a std::array of numbers — packs as kSize scalars
// of type Element, so N of them form one numpy-compatible array; any other
// type is kept whole (Element = T) and batched through its Value.
template <class T>
struct FlatLayout {
  static constexpr bool kFlat = false;
  using Element = T;
  static constexpr std::size_t kSize = 1;
};

template <>
struct FlatLayout<std::int64_t> {
  static constexpr bool kFlat = true;
  using Element = std::int64_t;
  static constexpr std::size_t kSize = 1;
  static const Element* begin(const std::int64_t& x) noexcept { return &x; }
  static std::int64_t* begin(std::int64_t& x) noexcept { return &x; }
};

template <class T, std::size_t K>
requires kIsBufferScalar<T>
struct FlatLayout<std::array<T, K>> {
  static constexpr bool kFlat = true;
  using Element = T;
  static constexpr std::size_t kSize = K;
  static const Element* begin(const std::array<T, K>& x) noexcept { return x.data(); }
  static T* begin(std::array<T, K>& x) noexcept { return x.data(); }
};

}  // namespace detail

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

// The type-erased vector env. Results are Values owned by the env, valid
// until its next reset or step.
class VectorEnv {
 public:
  struct Reset {
    const Value& observations;
    const Value& infos;
  };
  struct Step {
    const Value& observations;
    const Value& rewards;     // float64 array [num_envs]
    const Value& terminated;  // bool array [num_envs]
    const Value& truncated;   // bool array [num_envs]
    const Value& infos;
  };
  // Raw views of the structure-of-arrays results, valid until the next
  // reset or step, for zero-copy bindings.
  struct Buffers {
    const void* observations = nullptr;  // null unless observations are flat
    DType observation_dtype = DType::kFloat32;
    const Shape* observation_shape = nullptr;  // [num_envs, ...single shape]
    const double* rewards = nullptr;
    const std::uint8_t* terminated = nullptr;  // 0/1 bytes, numpy's bool layout
    const std::uint8_t* truncated = nullptr;
  };

  virtual ~VectorEnv() = default;

  const EnvSpec& spec() const noexcept { return *spec_; }
  // The kwargs every sub-env was built with (registered + user), all of them.
  const Value& kwargs() const noexcept { return kwargs_; }
  std::int64_t num_envs() const noexcept { return num_envs_; }
  AutoresetMode autoreset_mode() const noexcept { return autoreset_mode_; }
  const Space& single_observation_space() const noexcept { return single_observation_space_; }
  const Space& single_action_space() const noexcept { return single_action_space_; }
  // Batched spaces (batch_space); sample the action space for N actions.
  const Space& observation_space() const noexcept { return observation_space_; }
  const Space& action_space() const noexcept { return action_space_; }
  Space& action_space() noexcept { return action_space_; }

  // gymnasium's reset(seed=seed, options=options); see StaticVectorEnv.
  // Throws Error(kInvalidOptions) for a bad reset_mask or options a sub-env
  // rejects.
  virtual Reset reset(const std::optional<Seed>& seed, const Value* options) = 0;
  // reset(seed=[s0, s1, ...]); Error(kInvalidSeed) unless num_envs seeds.
  virtual Reset reset(std::span<const std::optional<Seed>> seeds, const Value* options) = 0;
  // `actions` is a list or array of num_envs actions, checked against
  // action_space(). Throws Error(kResetNeeded) before a sub-env's first reset
  // or, with autoreset disabled, while a finished sub-env awaits its reset.
  virtual Step step(const Value& actions) = 0;
  // step(actions) without building the Value results: read them through
  // buffers(), observations() and infos() (what a server writes out as it
  // likes).
  virtual void advance(const Value& actions) = 0;

  // The dtype step_flat reads: int64 for Discrete actions, the scalar type
  // for Box actions; nullopt when actions have no flat layout.
  virtual std::optional<DType> flat_action_dtype() const noexcept = 0;
  // Steps from a C-contiguous buffer shaped like action_space() in
  // flat_action_dtype(), without building Values; read the results through
  // buffers() and infos(). Discrete actions out of range and NaNs are
  // Error(kInvalidAction).
  virtual void step_flat(const void* actions) = 0;
  virtual Buffers buffers() const noexcept = 0;
  // The last reset's or step's observations and infos, built on first
  // request.
  virtual const Value& observations() = 0;
  virtual const Value& infos() = 0;

  // See StaticVectorEnv::set_num_threads.
  virtual void set_num_threads(std::size_t threads) = 0;
  virtual std::size_t num_threads() const noexcept = 0;

 protected:
  VectorEnv(std::shared_ptr<const EnvSpec> spec, Value kwargs, std::int64_t num_envs,
            AutoresetMode autoreset_mode, Space single_observation_space, Space single_action_space)
      : spec_(std::move(spec)),
        kwargs_(std::move(kwargs)),
        num_envs_(num_envs),
        autoreset_mode_(autoreset_mode),
        observation_space_(batch_space(single_observation_space, num_envs)),
        action_space_(batch_space(single_action_space, num_envs)),
        single_observation_space_(std::move(single_observation_space)),
        single_action_space_(std::move(single_action_space)) {}

 private:
  std::shared_ptr<const EnvSpec> spec_;
  Value kwargs_;
  std::int64_t num_envs_;
  AutoresetMode autoreset_mode_;
  Space observation_space_;
  Space action_space_;
  Space single_observation_space_;
  Space single_action_space_;
};

namespace detail {

// StaticVectorEnv<E> behind the VectorEnv interface.
template <StaticEnv E>
class VectorEnvModel final : public VectorEnv {
 public:
  using Params = typename E::Params;
  using Action = typename E::Action;
  using ActionLayout = FlatLayout<Action>;

  VectorEnvModel(std::shared_ptr<const EnvSpec> spec, Value kwargs, const Params& params,
                 std::optional<std::int64_t> max_episode_steps, std::int64_t num_envs,
                 AutoresetMode autoreset_mode)
      : VectorEnvModel(std::move(spec), std::move(kwargs), E(params), params, max_episode_steps,
                       num_envs, autoreset_mode) {}

  Reset reset(const std::optional<Seed>& seed, const Value* options) override {
    vec_.reset(seed, options);
    publish();
    return Reset{observations(), infos()};
  }

  Reset reset(std::span<const std::optional<Seed>> seeds, const Value* options) override {
    vec_.reset(seeds, options);
    publish();
    return Reset{observations(), infos()};
  }

  Step step(const Value& actions) override {
    advance(actions);
    publish();
    return Step{observations(), rewards_, terminated_, truncated_, infos()};
  }

  void advance(const Value& actions) override {
    vec_.check_can_step();
    if (auto problem = action_space().action_problem(actions)) {
      throw Error(ErrorCode::kInvalidAction, *problem);
    }
    read_actions(actions);
    vec_.step(actions_);
    observations_stale_ = infos_stale_ = true;
  }

  std::optional<DType> flat_action_dtype() const noexcept override {
    if constexpr (ActionLayout::kFlat) {
      return buffer_dtype<typename ActionLayout::Element>();
    } else {
      return std::nullopt;
    }
  }

  void step_flat(const void* actions) override {
    vec_.check_can_step();
    if constexpr (ActionLayout::kFlat) {
      using Element = typename ActionLayout::Element;
      const auto* flat = static_cast<const Element*>(actions);
      for (std::size_t i = 0; i < actions_.size(); ++i) {
        std::copy(flat + i * ActionLayout::kSize, flat + (i + 1) * ActionLayout::kSize,
                  ActionLayout::begin(actions_[i]));
        check_flat_action(actions_[i]);
      }
      vec_.step(actions_);
      observations_stale_ = infos_stale_ = true;
    } else {
      (void)actions;
      throw Error(ErrorCode::kInvalidAction,
                  spec().id + " has no flat action layout: step with Values");
    }
  }

  Buffers buffers() const noexcept override {
    Buffers b;
    if constexpr (StaticVectorEnv<E>::kFlatObservations) {
      b.observations = vec_.observations().data();
      b.observation_dtype = buffer_dtype<typename StaticVectorEnv<E>::ObservationElement>();
    }
    b.observation_shape = &vec_.observation_shape();
    b.rewards = vec_.rewards().data();
    b.terminated = vec_.terminations().data();
    b.truncated = vec_.truncations().data();
    return b;
  }

  const Value& observations() override {
    if (observations_stale_) {
      vec_.observations_value(observations_);
      observations_stale_ = false;
    }
    return observations_;
  }

  const Value& infos() override {
    if (infos_stale_) {
      vec_.infos_value(infos_);
      infos_stale_ = false;
    }
    return infos_;
  }

  void set_num_threads(std::size_t threads) override { vec_.set_num_threads(threads); }
  std::size_t num_threads() const noexcept override { return vec_.num_threads(); }

  StaticVectorEnv<E>& static_env() noexcept { return vec_; }

 private:
  VectorEnvModel(std::shared_ptr<const EnvSpec> spec, Value kwargs, const E& prototype,
                 const Params& params, std::optional<std::int64_t> max_episode_steps,
                 std::int64_t num_envs, AutoresetMode autoreset_mode)
      : VectorEnv(std::move(spec), std::move(kwargs), num_envs, autoreset_mode,
                  prototype.observation_space(), prototype.action_space()),
        vec_(static_cast<std::size_t>(num_envs), params, max_episode_steps, autoreset_mode),
        actions_(static_cast<std::size_t>(num_envs)),
        flag_shape_{num_envs} {}

  // Splits a batch the action space accepted into one Action per sub-env.
  void read_actions(const Value& actions) {
    const std::size_t n = actions_.size();
    if (actions.is_list()) {
      const List& list = actions.as_list();
      for (std::size_t i = 0; i < n; ++i) actions_[i] = ActionFromValue<Action>::convert(list[i]);
      return;
    }
    if constexpr (ActionLayout::kFlat) {
      if (actions.is_array()) {
        using Element = typename ActionLayout::Element;
        const std::vector<double>& data = actions.as_array().data;
        for (std::size_t i = 0; i < n; ++i) {
          Element* out = ActionLayout::begin(actions_[i]);
          for (std::size_t k = 0; k < ActionLayout::kSize; ++k) {
            out[k] = static_cast<Element>(data[i * ActionLayout::kSize + k]);
          }
        }
        return;
      }
    }
    throw Error(ErrorCode::kInvalidAction, "actions must be a list of " + std::to_string(n) +
                                               " actions for " + action_space().to_string());
  }

  // step_flat's checks: what Space::action_problem rejects element-wise.
  void check_flat_action(const Action& action) const {
    if constexpr (std::is_same_v<Action, std::int64_t>) {
      const Space& space = single_action_space();
      const bool ok = space.kind() == Space::Kind::kDiscrete
                          ? action >= space.start() && action - space.start() < space.n()
                          : space.contains(Value(action));
      if (!ok) {
        throw Error(ErrorCode::kInvalidAction,
                    "action " + std::to_string(action) + " is not in " + space.to_string());
      }
    } else if constexpr (ActionLayout::kFlat) {
      for (const auto& x : action) {
        if constexpr (std::is_floating_point_v<std::decay_t<decltype(x)>>) {
          if (x != x) throw Error(ErrorCode::kInvalidAction, "action contains NaN");
        }
      }
    }
  }

  // The Value forms of the rewards and flags; observations and infos are
  // built when asked for.
  void publish() {
    const auto n = static_cast<std::size_t>(num_envs());
    Array& rewards = rewards_.emplace_array(DType::kFloat64, flag_shape_);
    Array& terminated = terminated_.emplace_array(DType::kBool, flag_shape_);
    Array& truncated = truncated_.emplace_array(DType::kBool, flag_shape_);
    for (std::size_t i = 0; i < n; ++i) {
      rewards.data[i] = vec_.rewards()[i];
      terminated.data[i] = vec_.terminations()[i];
      truncated.data[i] = vec_.truncations()[i];
    }
    observations_stale_ = infos_stale_ = true;
  }

  StaticVectorEnv<E> vec_;
  std::vector<Action> actions_;
  Shape flag_shape_;  // [num_envs]
  Value observations_;
  Value rewards_;
  Value terminated_;
  Value truncated_;
  Value infos_;
  bool observations_stale_ = true;
  bool infos_stale_ = true;
};

}  // namespace detail
}  // namespace gymcc
