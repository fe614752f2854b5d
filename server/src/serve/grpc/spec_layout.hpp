#pragma once
// How one env appears to a dm_env_rpc client: its action and observation
// spaces as named tensor specs under numeric uids, and the checked
// conversions between those tensors and the env's actions and observations.
//
// A Discrete space is a scalar INT64 with min `start` and max `start + n - 1`;
// Box, MultiDiscrete and MultiBinary are arrays of their dtype with their
// bounds; Tuple and Dict spaces flatten to one entry per leaf, named with
// '.' (`observation.0`, `action.key`), which dm_env_adaptor nests back.
// Besides the observation, every step can return `reward` (DOUBLE),
// `discount` (DOUBLE: 0 once terminated, else 1, as dm_env has it),
// `terminated` and `truncated` (BOOL) and `info` (the info dict as JSON).

#include <cstdint>
#include <string>
#include <vector>

#include "gymcc/registry.hpp"
#include "serve/grpc/tensors.hpp"

namespace gymcc::serve::rpc {

using TensorMap = google::protobuf::Map<std::uint64_t, pb::Tensor>;
using UidList = google::protobuf::RepeatedField<std::uint64_t>;

// One step's outcome, as observations report it.
struct Outcome {
  const Value& observation;
  double reward = 0.0;
  bool terminated = false;
  bool truncated = false;
  const Value& info;
};

class SpecLayout {
 public:
  explicit SpecLayout(const Env& env);

  const pb::ActionObservationSpecs& specs() const noexcept { return specs_; }

  // The env's action from a StepRequest's actions. Throws ClientError(400)
  // naming the problem: an unknown uid, a missing action, a wrong dtype or
  // shape, an element out of the spec's bounds (or NaN).
  Value action(const TensorMap& actions) const;

  // Throws ClientError(400) naming the first uid that is no observation.
  void check_requested(const UidList& uids) const;
  // The requested observations of `outcome` into `out` (duplicates once).
  void write_observations(const UidList& uids, const Outcome& outcome, TensorMap& out) const;

 private:
  struct Leaf {
    std::uint64_t uid = 0;
    std::string name;
    Space::Kind kind = Space::Kind::kBox;
    DType dtype = DType::kFloat32;
    Shape shape;
    std::vector<double> low, high;  // per element; ±inf for none
  };
  enum class Extra : std::uint8_t { kReward, kDiscount, kTerminated, kTruncated, kInfo };

  void add_leaves(const Space& space, const std::string& name, std::vector<Leaf>& out);
  Value leaf_action(const Leaf& leaf, const pb::Tensor& tensor) const;
  Value build_action(const Space& space, const TensorMap& actions, std::size_t& next) const;
  void write_leaves(const Space& space, const Value& observation, const UidList& uids,
                    std::size_t& next, TensorMap& out) const;

  Space action_space_;
  Space observation_space_;
  std::vector<Leaf> actions_;
  std::vector<Leaf> observations_;
  std::uint64_t first_extra_uid_ = 0;  // reward's uid; the other extras follow
  pb::ActionObservationSpecs specs_;
};

}  // namespace gymcc::serve::rpc
