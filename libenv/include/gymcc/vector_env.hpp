#pragma once
// Vector environments: N copies of one env stepped together, with the
// semantics of gymnasium's SyncVectorEnv
// (`gymnasium.make_vec(id, n, vectorization_mode="sync")`). This is the
// type-erased interface, what `Registry::make_vec` builds for any env
// registered with `register_env<E>` (the CLI, server and bindings hold it);
// the layers mirror the single-env side's:
//
//   single env                      vector env
//   env.hpp (StaticEnv)             —
//   wrappers.hpp (Runner<E>)        static_vector_env.hpp (StaticVectorEnv<E>)
//   registry.hpp (Env)              vector_env.hpp (VectorEnv)
//   detail/env_model.hpp            detail/vector_env_model.hpp
//
// plus worker_pool.hpp (threads for large N) and vector_utils.hpp
// (gymnasium.vector.utils: batch_space, concatenate, info batching).
//
// Autoreset modes are gymnasium's (see AutoresetMode). Seeding is too:
// `reset(seed)` gives sub-env i the seed `seed + i`, and
// `options["reset_mask"]` resets only the sub-envs it marks.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gymcc/registry.hpp"
#include "gymcc/rng.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"
#include "gymcc/vector_utils.hpp"

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

  // ---- Snapshots (snapshot.hpp; docs/snapshots.md, "Vector envs"). get_state
  // is the whole vector env's state (format kVectorSnapshotFormat): every
  // sub-env, the batched action space's sampler and the flags that decide the
  // next autoreset. set_state restores one taken from a vector env of the
  // same env id, kwargs, time limit, num_envs and autoreset mode, all or
  // nothing, and throws Error(kInvalidState) otherwise. After
  // set_state(get_state()) the same actions give bit-identical results.
  virtual Value get_state() = 0;
  virtual void set_state(const Value& state) = 0;
  // Sub-env `index` alone, as a single env's state (kSnapshotFormat) that
  // Registry::make_from_state turns into a standalone env; set_env_state
  // restores one into sub-env `index` (its flags cleared, as a masked reset
  // clears them). Error(kInvalidArgument) for an index out of range.
  virtual Value get_env_state(std::int64_t index) = 0;
  virtual void set_env_state(std::int64_t index, const Value& state) = 0;

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

}  // namespace gymcc
