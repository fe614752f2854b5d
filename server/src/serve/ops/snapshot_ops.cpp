#include "serve/ops/snapshot_ops.hpp"

#include <memory>
#include <utility>

#include "gymcc/snapshot.hpp"
#include "serve/body.hpp"
#include "serve/ops/env_ops.hpp"

namespace gymcc::serve::ops {

void get_state(Instance& instance, BodyWriter& out) {
  instance.touch();
  Instance::Lock lock(instance);
  out.key("state");
  out.value(lock.env().get_state());
}

void set_state(Instance& instance, const Value& fields, BodyWriter& out) {
  const Value& state = required_field(fields, "state");
  instance.touch();
  Instance::Lock lock(instance);
  lock.env().set_state(state);  // all or nothing
  lock.stats().pending_seed.reset();
  out.key("observation");
  out.value(lock.env().observation());
  out.key("info");
  out.value(lock.env().info());
}

std::string clone(Services& services, const Caller& caller, Instance& instance, BodyWriter& out) {
  const Env& original = instance.env_unlocked();
  MakeOptions options;
  options.kwargs = original.kwargs();
  admit(services.store, Admission{1, 0, false}, caller);
  const Admission admission{1, services.registry.footprint(original.spec().id, options).of(1),
                            false};
  admit(services.store, admission, caller);
  std::unique_ptr<Env> copy;
  {
    Instance::Lock lock(instance);
    copy = lock.env().clone();
  }
  auto [added, refusal] =
      services.store.add(std::move(copy), IdStyle::kUuid4, caller, admission.bytes);
  if (!added) refuse(refusal, services.store, admission, caller);
  out.key("instance_id");
  out.string(added->id());
  return added->id();
}

std::string create_from_state(Services& services, const Caller& caller, const Value& state,
                              BodyWriter& out) {
  const StateReader in(state, "state");
  MakeOptions options;
  in.child("kwargs");  // an object, or invalid_state
  options.kwargs = in.field("kwargs");
  admit(services.store, Admission{1, 0, false}, caller);  // a full server, before any kwargs
  const Admission admission{1, services.registry.footprint(in.string("env_id"), options).of(1),
                            false};
  admit(services.store, admission, caller);
  std::unique_ptr<Env> env = services.registry.make_from_state(state);
  auto [added, refusal] =
      services.store.add(std::move(env), IdStyle::kUuid4, caller, admission.bytes);
  if (!added) refuse(refusal, services.store, admission, caller);
  out.key("instance_id");
  out.string(added->id());
  return added->id();
}

}  // namespace gymcc::serve::ops
