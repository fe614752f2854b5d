#pragma once

#include <chrono>
#include <string>

namespace gymcc::serve {

// "2026-11-22T05:23:37Z"
std::string iso8601_utc(std::chrono::system_clock::time_point t);

}  // namespace gymcc::serve
