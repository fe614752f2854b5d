#pragma once
// The type-erased `Env` and the registry that makes one from an id, with
// gymnasium's id grammar and error messages.

#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gymcc/env.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"
#include "gymcc/wrappers.hpp"

namespace gymcc {

struct KwargDoc {
  std::string name;
  std::string type_name;
  Value default_value;
  std::string doc;
};

// gymnasium's EnvSpec plus the class-level metadata and the kwargs table.
struct EnvSpec {
  std::string id;           // "CartPole-v1"
  std::string entry_point;  // the C++ class, e.g. "gymcc::envs::CartPole"
  std::optional<double> reward_threshold;
  bool nondeterministic = false;
  std::optional<std::int64_t> max_episode_steps;
  Value kwargs = Value(Dict{});  // registered kwargs, applied before the user's
  EnvMetadata metadata;
  std::vector<KwargDoc> kwarg_docs;  // every kwarg the env accepts, with defaults

  // {"id", "entry_point", "reward_threshold", "nondeterministic",
  //  "max_episode_steps", "kwargs", "render_modes", "render_fps", "kwarg_docs"}
  Value describe() const;
};

struct ParsedEnvId {
  std::optional<std::string> ns;
  std::string name;
  std::optional<std::int64_t> version;
};

// gymnasium's parse_env_id; throws Error(kMalformedId) with its message.
ParsedEnvId parse_env_id(std::string_view id);

class Env {
 public:
  struct Reset {
    const Value& observation;
    const Value& info;
  };
  struct Step {
    const Value& observation;
    double reward;
    bool reward_is_int;
    bool terminated;
    bool truncated;
    const Value& info;
  };

  virtual ~Env() = default;

  const EnvSpec& spec() const noexcept { return *spec_; }
  // The kwargs the env was built with (registered + user), all of them.
  const Value& kwargs() const noexcept { return kwargs_; }
  const Space& observation_space() const noexcept { return observation_space_; }
  const Space& action_space() const noexcept { return action_space_; }
  Space& action_space() noexcept { return action_space_; }
  const std::optional<std::string>& render_mode() const noexcept { return render_mode_; }

  // Throws Error(kInvalidOptions) for options the env rejects.
  virtual Reset reset(const std::optional<Seed>& seed, const Value* options) = 0;
  // Throws Error(kResetNeeded) before the first reset and
  // Error(kInvalidAction) for an action outside the action space.
  virtual Step step(const Value& action) = 0;
  virtual std::int64_t elapsed_steps() const noexcept = 0;

  // ---- The flat path, for bindings that step from and into raw buffers
  // (the C ABI), as VectorEnv::step_flat does for vector envs.
  // The scalar type step_flat reads an action as (int64 for Discrete
  // actions, the element type of Box actions) and writes an observation as;
  // nullopt when the env's actions or observations have no flat layout.
  virtual std::optional<DType> flat_action_dtype() const noexcept = 0;
  virtual std::optional<DType> flat_observation_dtype() const noexcept = 0;
  // step() from `action`, shape(action_space()) scalars of
  // flat_action_dtype() in C order, at any alignment; writes the observation
  // to `observation` (same form) when it is flat and `observation` is not
  // null. Allocates nothing; throws as step() does (Error(kInvalidAction) for
  // a Discrete action out of range or a NaN), Error(kInvalidAction) when
  // actions are not flat. observation() and info() build the Value forms.
  virtual StepOutcome step_flat(const void* action, void* observation) = 0;
  // The last reset's or step's observation and info.
  virtual const Value& observation() = 0;
  virtual const Value& info() = 0;

  // The current frame in the env's render mode: text for "ansi", an image
  // for "rgb_array". Throws Error(kNotRenderable) without a render mode,
  // Error(kResetNeeded) before the first reset.
  using Rendering = std::variant<std::string, Frame>;
  virtual Rendering render() = 0;

  // ---- Snapshots (snapshot.hpp documents the format). get_state is the
  // complete state as a Value; set_state restores one, and throws
  // Error(kInvalidState) — leaving the env unchanged — for a malformed
  // state, or one of another env id, format version, kwargs or time limit.
  // After set_state(get_state()) the same actions give bit-identical results.
  virtual Value get_state() = 0;
  virtual void set_state(const Value& state) = 0;
  // A new, independent instance in the same state.
  virtual std::unique_ptr<Env> clone() const = 0;

 protected:
  Env(std::shared_ptr<const EnvSpec> spec, Value kwargs, Space observation_space,
      Space action_space, std::optional<std::string> render_mode)
      : spec_(std::move(spec)),
        kwargs_(std::move(kwargs)),
        observation_space_(std::move(observation_space)),
        action_space_(std::move(action_space)),
        render_mode_(std::move(render_mode)) {}

 private:
  std::shared_ptr<const EnvSpec> spec_;  // shared with the registry: envs are many
  Value kwargs_;
  Space observation_space_;
  Space action_space_;
  std::optional<std::string> render_mode_;
};

class VectorEnv;                          // vector_env.hpp
enum class AutoresetMode : std::uint8_t;  // vector_env.hpp

struct MakeOptions {
  Value kwargs;  // null or a dict of constructor kwargs
  std::optional<std::string> render_mode;
  // Overrides the registered TimeLimit; -1 removes it (as in gymnasium).
  std::optional<std::int64_t> max_episode_steps;
};

class Registry {
 public:
  using Factory =
      std::function<std::unique_ptr<Env>(std::shared_ptr<const EnvSpec>, const MakeOptions&)>;
  // Builds num_envs sub-envs behind one VectorEnv (register_env<E> makes one).
  using VectorFactory = std::function<std::unique_ptr<VectorEnv>(
      std::shared_ptr<const EnvSpec>, const MakeOptions&, std::int64_t num_envs,
      AutoresetMode autoreset_mode)>;

  // The memory instances made with these options will cost (Env::footprint);
  // validates the kwargs as make() does, building nothing.
  using FootprintFn = std::function<Footprint(const EnvSpec&, const MakeOptions&)>;

  // Throws Error(kInvalidArgument) for a malformed or duplicate id. Without
  // a vector factory, make_vec refuses the id; without a footprint, it is
  // reported as zero.
  void add(EnvSpec spec, Factory factory, VectorFactory vector_factory = {},
           FootprintFn footprint = {});

  // What make(id, options) (or make_vec with num_envs sub-envs: shared once,
  // each per sub-env) would cost in memory. Throws as make does for a bad id
  // or bad kwargs.
  Footprint footprint(std::string_view id, const MakeOptions& options = {}) const;

  // gymnasium.make: resolves the id (an unversioned id picks the latest
  // version), merges kwargs, validates them and builds the env.
  std::unique_ptr<Env> make(std::string_view id, const MakeOptions& options = {}) const;

  // gymnasium.make_vec(id, num_envs, vectorization_mode="sync",
  // vector_kwargs={"autoreset_mode": ...}, **kwargs): num_envs sub-envs made
  // as make(id, options) makes one. Include gymcc/vector_env.hpp to use it.
  // Throws as make does, and Error(kInvalidArgument) for num_envs < 1 or an
  // env registered without a vector factory, Error(kNotRenderable) for a
  // render mode (vector envs do not render yet).
  std::unique_ptr<VectorEnv> make_vec(std::string_view id, std::int64_t num_envs,
                                      AutoresetMode autoreset_mode,
                                      const MakeOptions& options = {}) const;

  // A new env in the state `state` (a get_state() result): made from the
  // state's env id, kwargs, time limit and render mode, then set_state.
  // Throws as make and set_state do.
  std::unique_ptr<Env> make_from_state(const Value& state) const;
  // The same for a vector env's state (VectorEnv::get_state); `max_num_envs`
  // bounds the state's num_envs before anything is built. Include
  // gymcc/vector_env.hpp to use it.
  std::unique_ptr<VectorEnv> make_vec_from_state(
      const Value& state,
      std::int64_t max_num_envs = std::numeric_limits<std::int64_t>::max()) const;

  // The spec `make(id)` would use; throws as make does.
  const EnvSpec& spec(std::string_view id) const;
  std::vector<const EnvSpec*> specs() const;  // sorted by id

 private:
  struct Entry {
    std::shared_ptr<const EnvSpec> spec;
    ParsedEnvId parsed;
    Factory factory;
    VectorFactory vector_factory;
    FootprintFn footprint;
  };
  const Entry& find(std::string_view id) const;
  [[noreturn]] void raise_missing(const ParsedEnvId& parsed, std::string_view id) const;

  std::map<std::string, Entry, std::less<>> entries_;
};

// difflib.get_close_matches(word, possibilities, n=1, cutoff=0.6)[0], if any.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& possibilities);

}  // namespace gymcc
