#include "gymcc/envs/all.hpp"

#include "gymcc/envs/classic_control.hpp"

namespace gymcc::envs {

void register_all(Registry& registry) { register_classic_control(registry); }

const Registry& default_registry() {
  static const Registry registry = [] {
    Registry r;
    register_all(r);
    return r;
  }();
  return registry;
}

}  // namespace gymcc::envs
