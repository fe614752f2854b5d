#include "serve/metrics.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace gymcc::serve {

Metrics::Metrics(std::span<const std::string_view> route_labels)
    : labels_(route_labels.begin(), route_labels.end()) {
  if (labels_.size() > kMaxRouteLabels) throw std::logic_error("Metrics: too many route labels");
}

RouteLabel Metrics::route_label(std::string_view name) const {
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    if (labels_[i] == name) return static_cast<RouteLabel>(i);
  }
  throw std::logic_error("Metrics: no route label '" + std::string(name) + "'");
}

std::size_t Metrics::status_index(int status) noexcept {
  for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) return i;
  }
  return kStatuses.size() - 1;  // "other"
}

void Metrics::count_request(RouteLabel route, int status) noexcept {
  requests_[route][status_index(status)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_step(std::chrono::nanoseconds elapsed) noexcept {
  const double seconds = static_cast<double>(elapsed.count()) * 1e-9;
  std::size_t bucket = 0;
  while (bucket < kStepBucketsSeconds.size() && seconds > kStepBucketsSeconds[bucket]) ++bucket;
  step_buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  step_count_.fetch_add(1, std::memory_order_relaxed);
  step_nanos_.fetch_add(static_cast<std::uint64_t>(elapsed.count()), std::memory_order_relaxed);
}

std::string Metrics::render(const Gauges& gauges) const {
  std::string out;
  auto out_it = std::back_inserter(out);
  const auto gauge = [&](std::string_view name, std::string_view help, auto value) {
    fmt::format_to(out_it, "# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, value);
  };
  gauge("gymcc_instances", "Live environment instances (a vector env counts once).",
        gauges.instances);
  gauge("gymcc_vector_instances", "Live vector environments.", gauges.vector_instances);
  gauge("gymcc_sub_envs", "Live environments counting every vector env's sub-envs.",
        gauges.sub_envs);
  gauge("gymcc_max_instances", "The --max-envs limit on gymcc_sub_envs.", gauges.max_instances);
  gauge("gymcc_websockets", "Open WebSocket sessions.",
        websockets_.load(std::memory_order_relaxed));
  fmt::format_to(out_it,
                 "# HELP gymcc_requests_total HTTP requests and WebSocket messages by route and "
                 "status.\n"
                 "# TYPE gymcc_requests_total counter\n");
  for (std::size_t r = 0; r < labels_.size(); ++r) {
    for (std::size_t s = 0; s < kStatuses.size(); ++s) {
      const std::uint64_t n = requests_[r][s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string status = kStatuses[s] ? std::to_string(kStatuses[s]) : "other";
      fmt::format_to(out_it, "gymcc_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", labels_[r],
                     status, n);
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
