#pragma once
// gymnasium.vector.utils and the vector envs' shared rules: batched spaces,
// stacking observations, batching infos, reset masks and seed offsets.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gymcc/rng.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"

namespace gymcc {

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

}  // namespace detail
}  // namespace gymcc
