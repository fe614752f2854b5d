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
  kUnmatched,
  kCount
};

std::string_view route_label(Route route) noexcept;

class Metrics {
 public:
  void count_request(Route route, int status) noexcept;
  void observe_step(std::chrono::nanoseconds elapsed) noexcept;
  // The Prometheus exposition, with the live instance count.
  std::string render(std::size_t instances, std::size_t max_instances) const;

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
};

}  // namespace gymcc::serve
