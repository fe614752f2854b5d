#include "serve/instance_store.hpp"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace gymcc::serve {
namespace {

std::array<unsigned char, 16> random_bytes() {
  std::array<unsigned char, 16> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n < 0) throw std::runtime_error("getrandom failed");
    filled += static_cast<std::size_t>(n);
  }
  return bytes;
}

std::string hex(const unsigned char* bytes, std::size_t count) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string random_uuid4() {
  auto b = random_bytes();
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return hex(b.data(), 4) + "-" + hex(b.data() + 4, 2) + "-" + hex(b.data() + 6, 2) + "-" +
         hex(b.data() + 8, 2) + "-" + hex(b.data() + 10, 6);
}

std::string InstanceStore::fresh_id(IdStyle style) const {
  if (style == IdStyle::kUuid4) return random_uuid4();
  const auto b = random_bytes();
  return hex(b.data(), 4);
}

Refusal InstanceStore::admit_locked(std::size_t units, std::size_t bytes,
                                    const Caller& caller) const {
  if (bytes > max_instance_bytes_) return Refusal::kTooLarge;
  if (units > max_instances_ || units_ > max_instances_ - units) return Refusal::kServerFull;
  if (bytes > max_total_bytes_ || bytes_ > max_total_bytes_ - bytes) return Refusal::kMemoryFull;
  const auto it = owner_units_.find(caller.owner);
  const std::size_t held = it == owner_units_.end() ? 0 : it->second;
  if (units > caller.max_envs || held > caller.max_envs - units) return Refusal::kQuotaFull;
  return Refusal::kNone;
}

Refusal InstanceStore::admit(std::size_t units, std::size_t bytes, const Caller& caller) const {
  std::shared_lock lock(mutex_);
  return admit_locked(units, bytes, caller);
}

std::size_t InstanceStore::bytes() const {
  std::shared_lock lock(mutex_);
  return bytes_;
}

InstanceStore::Added InstanceStore::add(std::unique_ptr<Env> env, IdStyle style,
                                        const Caller& caller, std::size_t bytes,
                                        std::string listed_id) {
  if (listed_id.empty()) listed_id = env->spec().id;
  std::unique_lock lock(mutex_);
  if (const Refusal refusal = admit_locked(1, bytes, caller); refusal != Refusal::kNone) {
    return {nullptr, refusal};
  }
  std::string id = fresh_id(style);
  while (instances_.count(id) != 0) id = fresh_id(style);  // 8 hex chars can collide
  auto instance = std::make_shared<Instance>(id, next_sequence_++, caller, std::move(env),
                                             std::move(listed_id));
  instance->set_bytes(bytes);
  instances_.emplace(std::move(id), instance);
  ++units_;
  bytes_ += bytes;
  ++owner_units_[caller.owner];
  return {std::move(instance), Refusal::kNone};
}

InstanceStore::Added InstanceStore::add_vector(std::unique_ptr<VectorEnv> env, const Caller& caller,
                                               std::size_t bytes) {
  const auto units = static_cast<std::size_t>(env->num_envs());
  std::unique_lock lock(mutex_);
  if (const Refusal refusal = admit_locked(units, bytes, caller); refusal != Refusal::kNone) {
    return {nullptr, refusal};
  }
  std::string id = fresh_id(IdStyle::kUuid4);
  while (instances_.count(id) != 0) id = fresh_id(IdStyle::kUuid4);
  auto instance = std::make_shared<Instance>(id, next_sequence_++, caller, std::move(env));
  instance->set_bytes(bytes);
  instances_.emplace(std::move(id), instance);
  units_ += units;
  bytes_ += bytes;
  owner_units_[caller.owner] += units;
  return {std::move(instance), Refusal::kNone};
}

std::shared_ptr<Instance> InstanceStore::find_any(std::string_view id, Owner owner) const {
  std::shared_lock lock(mutex_);
  const auto it = instances_.find(id);
  if (it == instances_.end() || it->second->owner() != owner) return nullptr;
  return it->second;
}

std::shared_ptr<Instance> InstanceStore::find(std::string_view id, Owner owner) const {
  auto instance = find_any(id, owner);
  return instance && !instance->is_vector() ? instance : nullptr;
}

std::shared_ptr<Instance> InstanceStore::find_vector(std::string_view id, Owner owner) const {
  auto instance = find_any(id, owner);
  return instance && instance->is_vector() ? instance : nullptr;
}

bool InstanceStore::remove(std::string_view id, Owner owner) {
  std::shared_ptr<Instance> removed;  // destroyed outside the lock
  {
    std::unique_lock lock(mutex_);
    const auto it = instances_.find(id);
    if (it == instances_.end() || it->second->owner() != owner) return false;
    removed = std::move(it->second);
    instances_.erase(it);
    units_ -= removed->units();
    bytes_ -= removed->bytes();
    const auto held = owner_units_.find(owner);
    held->second -= removed->units();
    if (held->second == 0) owner_units_.erase(held);
  }
  return true;
}

std::vector<std::shared_ptr<Instance>> InstanceStore::list_all() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<Instance>> out;
  out.reserve(instances_.size());
  for (const auto& [id, instance] : instances_) out.push_back(instance);
  lock.unlock();
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a->sequence() < b->sequence(); });
  return out;
}

std::vector<std::shared_ptr<Instance>> InstanceStore::list(Owner owner) const {
  auto out = list_all();
  std::erase_if(out, [owner](const auto& instance) { return instance->owner() != owner; });
  return out;
}

std::size_t InstanceStore::size() const {
  std::shared_lock lock(mutex_);
  return instances_.size();
}

std::size_t InstanceStore::units() const {
  std::shared_lock lock(mutex_);
  return units_;
}

std::size_t InstanceStore::evict_idle(Clock::duration idle) {
  const Clock::time_point cutoff = Clock::now() - idle;
  std::size_t removed = 0;
  for (const auto& instance : list_all()) {
    if (instance->session_scoped() || instance->last_used() >= cutoff) continue;
    removed += remove(instance->id(), instance->owner()) ? 1 : 0;
  }
  return removed;
}

}  // namespace gymcc::serve
