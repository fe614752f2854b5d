#pragma once
// PNG (libpng) and JPEG (libjpeg-turbo) encodings of rgb_array frames.
//
// Both are pure functions of their arguments: no shared state, no locks, so
// encoding a frame on one thread never holds up another instance's step.

#include <string>

#include "gymcc/env.hpp"

namespace gymcc::serve {

// An 8-bit RGB PNG of `frame`. Throws Error(kInvalidArgument) for a frame
// whose size and pixel buffer disagree (or that is empty), and
// std::runtime_error if libpng fails (out of memory).
std::string encode_png(const Frame& frame);

// A baseline JPEG of `frame` (4:2:0 chroma subsampling) at `quality` 1..100.
// Throws Error(kInvalidArgument) for a bad frame or quality, and
// std::runtime_error if libjpeg fails.
std::string encode_jpeg(const Frame& frame, int quality);

}  // namespace gymcc::serve
