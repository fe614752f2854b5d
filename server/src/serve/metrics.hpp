#pragma once
// Request counters and a step-latency histogram, lock-free on the request
// path, rendered in Prometheus' text format by GET /metrics.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace gymcc::serve {

// Every route the server answers, as a bounded label set.
enum class Route : std::uint8_t {
  kCreate,
  kList,
  kInstance,
  kReset,
  kStep,
  kActionSpace,
  kObservationSpace,
  kDelete,
  kSpecs,
  kHealth,
  kReady,
  kMetrics,
  kSample,
  kContains,
  kClose,
  kMonitor,
  kUpload,
  kShutdown,
  kPreflight,
  kPage,
  kRender,
  kStream,
  kVectorCreate,
  kVectorList,
  kVectorInstance,
  kVectorReset,
  kVectorStep,
  kVectorSpace,
  kVectorDelete,
  kWebSocket,  // the upgrade request
  kUnmatched,
  kCount
};

std::string_view route_label(Route route) noexcept;

class Metrics {
 public:
  void count_request(Route route, int status) noexcept;
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
  static constexpr std::array<int, 11> kStatuses = {200, 204, 400, 404, 405, 413,
                                                    415, 422, 500, 503, 0};
  static constexpr std::array<double, 12> kStepBucketsSeconds = {
      1e-7, 2.5e-7, 5e-7, 1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 1e-3, 1e-2};
  static std::size_t status_index(int status) noexcept;

  std::array<std::array<std::atomic<std::uint64_t>, kStatuses.size()>,
             static_cast<std::size_t>(Route::kCount)>
      requests_{};
  std::array<std::atomic<std::uint64_t>, kStepBucketsSeconds.size() + 1> step_buckets_{};
  std::atomic<std::uint64_t> step_count_{0};
  std::atomic<std::uint64_t> step_nanos_{0};
  std::atomic<std::int64_t> websockets_{0};
};

}  // namespace gymcc::serve
