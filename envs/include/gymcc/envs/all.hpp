#pragma once
// Every environment gymcc ships, registered explicitly (no static
// self-registration: linkers drop such objects from static libraries).

#include "gymcc/registry.hpp"

namespace gymcc::envs {

// Adds every shipped environment to `registry`.
void register_all(Registry& registry);

// A registry holding every shipped environment, built on first use.
const Registry& default_registry();

}  // namespace gymcc::envs
