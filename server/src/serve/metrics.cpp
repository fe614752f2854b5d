#include "metrics.hpp"

#include <fmt/format.h>

namespace gymcc::serve {

std::string_view route_label(Route route) noexcept {
  static constexpr std::array<std::string_view, static_cast<std::size_t>(Route::kCount)> kLabels = {
      "create",
      "list",
      "instance",
      "reset",
      "step",
      "action_space",
      "observation_space",
      "delete",
      "specs",
      "healthz",
      "readyz",
      "metrics",
      "sample",
      "contains",
      "close",
      "monitor",
      "upload",
      "shutdown",
      "preflight",
      "page",
      "render",
      "stream",
      "unmatched"};
  return kLabels[static_cast<std::size_t>(route)];
}

std::size_t Metrics::status_index(int status) noexcept {
  for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) return i;
  }
  return kStatuses.size() - 1;  // "other"
}

void Metrics::count_request(Route route, int status) noexcept {
  requests_[static_cast<std::size_t>(route)][status_index(status)].fetch_add(
      1, std::memory_order_relaxed);
}

void Metrics::observe_step(std::chrono::nanoseconds elapsed) noexcept {
  const double seconds = static_cast<double>(elapsed.count()) * 1e-9;
  std::size_t bucket = 0;
  while (bucket < kStepBucketsSeconds.size() && seconds > kStepBucketsSeconds[bucket]) ++bucket;
  step_buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  step_count_.fetch_add(1, std::memory_order_relaxed);
  step_nanos_.fetch_add(static_cast<std::uint64_t>(elapsed.count()), std::memory_order_relaxed);
}

std::string Metrics::render(std::size_t instances, std::size_t max_instances) const {
  std::string out;
  auto out_it = std::back_inserter(out);
  fmt::format_to(
      out_it, "# HELP gymcc_instances Live environment instances.\n# TYPE gymcc_instances gauge\n");
  fmt::format_to(out_it, "gymcc_instances {}\n", instances);
  fmt::format_to(
      out_it,
      "# HELP gymcc_max_instances The --max-envs limit.\n# TYPE gymcc_max_instances gauge\n");
  fmt::format_to(out_it, "gymcc_max_instances {}\n", max_instances);
  fmt::format_to(out_it,
                 "# HELP gymcc_requests_total HTTP requests by route and status.\n"
                 "# TYPE gymcc_requests_total counter\n");
  for (std::size_t r = 0; r < requests_.size(); ++r) {
    for (std::size_t s = 0; s < kStatuses.size(); ++s) {
      const std::uint64_t n = requests_[r][s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string status = kStatuses[s] ? std::to_string(kStatuses[s]) : "other";
      fmt::format_to(out_it, "gymcc_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                     route_label(static_cast<Route>(r)), status, n);
    }
  }
  fmt::format_to(out_it,
                 "# HELP gymcc_step_duration_seconds Time inside env.step, per step request.\n"
                 "# TYPE gymcc_step_duration_seconds histogram\n");
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < kStepBucketsSeconds.size(); ++b) {
    cumulative += step_buckets_[b].load(std::memory_order_relaxed);
    fmt::format_to(out_it, "gymcc_step_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                   kStepBucketsSeconds[b], cumulative);
  }
  cumulative += step_buckets_.back().load(std::memory_order_relaxed);
  fmt::format_to(out_it, "gymcc_step_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  fmt::format_to(out_it, "gymcc_step_duration_seconds_sum {}\n",
                 static_cast<double>(step_nanos_.load(std::memory_order_relaxed)) * 1e-9);
  fmt::format_to(out_it, "gymcc_step_duration_seconds_count {}\n",
                 step_count_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace gymcc::serve
