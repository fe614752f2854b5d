#include "gymcc/envs/all.hpp"

#include "gymcc/envs/classic_control.hpp"
#include "gymcc/envs/toy_text.hpp"

namespace gymcc::envs {

void register_all(Registry& registry) {
  register_classic_control(registry);
  register_toy_text(registry);
}

const Registry& default_registry() {
  static const Registry registry = [] {
    Registry r;
    register_all(r);
    return r;
  }();
  return registry;
}

}  // namespace gymcc::envs
