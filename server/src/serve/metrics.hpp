#pragma once
// Request counters and a step-latency histogram, lock-free on the request
// path, rendered in Prometheus' text format by GET /metrics.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gymcc::serve {

// The index of a route label in the bounded set Metrics counts under.
using RouteLabel = std::uint8_t;

class Metrics {
 public:
  static constexpr std::size_t kMaxRouteLabels = 64;

  // `route_labels` (the route table's, see rest/route_table.hpp) must
  // outlive the Metrics; at most kMaxRouteLabels.
  explicit Metrics(std::span<const std::string_view> route_labels);

  // The index of a label given at construction; std::logic_error if absent
  // (a programming error, found at start-up).
  RouteLabel route_label(std::string_view name) const;

  void count_request(RouteLabel route, int status) noexcept;
  void observe_step(std::chrono::nanoseconds elapsed) noexcept;
  void websocket_opened() noexcept { websockets_.fetch_add(1, std::memory_order_relaxed); }
  void websocket_closed() noexcept { websockets_.fetch_sub(1, std::memory_order_relaxed); }

  struct Gauges {
    std::size_t instances = 0;         // single envs and vector envs
    std::size_t vector_instances = 0;  // of which vector envs
    std::size_t sub_envs = 0;          // what --max-envs bounds
    std::size_t max_instances = 0;
  };
  // The Prometheus exposition. Requests include WebSocket messages, counted
  // under the route of their REST twin.
  std::string render(const Gauges& gauges) const;

 private:
  static constexpr std::array<int, 15> kStatuses = {101, 200, 204, 400, 401, 403, 404, 405,
                                                    413, 415, 422, 429, 500, 503, 0};
  static constexpr std::array<double, 12> kStepBucketsSeconds = {
      1e-7, 2.5e-7, 5e-7, 1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 1e-3, 1e-2};
  static std::size_t status_index(int status) noexcept;

  std::vector<std::string_view> labels_;
  std::array<std::array<std::atomic<std::uint64_t>, kStatuses.size()>, kMaxRouteLabels> requests_{};
  std::array<std::atomic<std::uint64_t>, kStepBucketsSeconds.size() + 1> step_buckets_{};
  std::atomic<std::uint64_t> step_count_{0};
  std::atomic<std::uint64_t> step_nanos_{0};
  std::atomic<std::int64_t> websockets_{0};
};

}  // namespace gymcc::serve
