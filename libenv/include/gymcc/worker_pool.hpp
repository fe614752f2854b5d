#pragma once
// Threads for stepping large vector envs in parts.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace gymcc::detail {

// A fixed set of threads that run one task split into parts: part 0 on the
// calling thread, parts 1.. on the workers. `run` returns when every part is
// done and rethrows the first exception a part threw.
class WorkerPool {
 public:
  using Task = void (*)(void* context, std::size_t part, std::size_t parts);

  explicit WorkerPool(std::size_t threads);  // threads >= 2, caller included
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::size_t threads() const noexcept { return workers_.size() + 1; }
  void run(Task task, void* context);

 private:
  void work(std::size_t part);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  Task task_ = nullptr;
  void* context_ = nullptr;
  std::uint64_t generation_ = 0;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> workers_;
};

}  // namespace gymcc::detail
