#pragma once
// What every operation works on, whatever transport carried the request:
// the registry of envs, the live instances, the counters, the API keys and
// the server's lifecycle state.

#include <atomic>

#include "gymcc/registry.hpp"
#include "serve/auth/api_keys.hpp"
#include "serve/instance_store.hpp"
#include "serve/metrics.hpp"

namespace gymcc::serve {

struct Services {
  Services(const Registry& registry_ref, InstanceStore& store_ref, Metrics& metrics_ref,
           const ApiKeys& keys_ref)
      : registry(registry_ref), store(store_ref), metrics(metrics_ref), keys(keys_ref) {}

  const Registry& registry;
  InstanceStore& store;
  Metrics& metrics;
  const ApiKeys& keys;  // none: every caller is kNoOwner
  // Set on graceful stop: readiness checks fail while connections drain.
  std::atomic<bool> draining{false};
};

}  // namespace gymcc::serve
