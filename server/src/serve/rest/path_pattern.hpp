#pragma once
// Request paths as segments, without allocating: "/v1/envs/abc/step/" is
// v1, envs, abc, step (empty segments dropped, so a trailing slash is
// optional). A route's pattern is split the same way at compile time, and
// "{name}" segments capture.

#include <array>
#include <cstddef>
#include <string_view>

#include "serve/caller.hpp"

namespace gymcc::serve::rest {

inline constexpr std::size_t kMaxPathParts = 8;

class PathParts {
 public:
  explicit PathParts(std::string_view path) noexcept {
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t end = path.find('/', start);
      if (end == std::string_view::npos) end = path.size();
      if (end > start) {
        if (count_ == kMaxPathParts) {
          too_long_ = true;
          return;
        }
        parts_[count_++] = path.substr(start, end - start);
      }
      start = end + 1;
    }
  }
  // Paths longer than any route keep only a marker that they are too long.
  std::size_t size() const noexcept { return too_long_ ? kMaxPathParts + 1 : count_; }
  std::string_view operator[](std::size_t i) const noexcept { return parts_[i]; }

 private:
  std::array<std::string_view, kMaxPathParts> parts_{};
  std::size_t count_ = 0;
  bool too_long_ = false;
};

// What the router found for a request: the captures of the matched pattern
// (the instance id and one more, {x}) and the caller its API key names.
struct RouteMatch {
  std::string_view id;
  std::string_view arg;
  Caller caller;
};

class PathPattern {
 public:
  // "/v1/envs/{instance_id}/step/": literal segments and {captures}; the
  // first capture is the instance id, a second one `arg`. Spelled as the
  // OpenAPI documents spell the path.
  consteval PathPattern(const char* text)  // NOLINT: implicit, for the table's literals
      : PathPattern(std::string_view(text)) {}
  consteval explicit PathPattern(std::string_view text) : text_(text) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = start;
      while (end < text.size() && text[end] != '/') ++end;
      if (end > start) {
        if (count_ == kMaxPathParts) throw "PathPattern: too many segments";
        parts_[count_++] = text.substr(start, end - start);
      }
      start = end + 1;
    }
  }

  std::string_view text() const noexcept { return text_; }

  bool match(const PathParts& path, RouteMatch& match) const noexcept {
    if (path.size() != count_) return false;
    std::string_view captures[2];
    std::size_t captured = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      const std::string_view part = parts_[i];
      if (part.front() == '{') {
        if (captured < 2) captures[captured++] = path[i];
      } else if (part != path[i]) {
        return false;
      }
    }
    match.id = captures[0];
    match.arg = captures[1];
    return true;
  }

 private:
  std::string_view text_;
  std::array<std::string_view, kMaxPathParts> parts_{};
  std::size_t count_ = 0;
};

}  // namespace gymcc::serve::rest
