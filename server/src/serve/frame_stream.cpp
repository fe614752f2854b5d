#include "serve/frame_stream.hpp"

#include <variant>

#include "serve/image_codec.hpp"

namespace gymcc::serve {

FrameStream::Poll FrameStream::poll(std::uint64_t last_version) const {
  const auto instance = store_.find(instance_id_, owner_);
  if (!instance) return {};
  FrameCache& cache = instance->frame_cache();
  std::lock_guard cache_lock(cache.mutex);
  Frame frame;
  std::uint64_t version = 0;
  {
    Instance::Lock lock(*instance);
    version = state_version(lock.stats());
    if (version == cache.version && cache.jpeg) {
      if (cache.version <= last_version) return {State::kUnchanged, nullptr, last_version};
      return {State::kFrame, cache.jpeg, cache.version};
    }
    if (lock.stats().episodes == 0) return {State::kUnchanged, nullptr, last_version};
    Env::Rendering rendering = lock.env().render();
    if (!std::holds_alternative<Frame>(rendering)) return {};
    frame = std::move(std::get<Frame>(rendering));
  }
  cache.jpeg = std::make_shared<const std::string>(encode_jpeg(frame, jpeg_quality_));
  cache.version = version;
  return {State::kFrame, cache.jpeg, version};
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]) << 16 |
                                              static_cast<unsigned char>(bytes[i + 1]) << 8 |
                                              static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += kAlphabet[n >> 6 & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const auto n =
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]) << 16 |
                                   (two ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0));
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += two ? kAlphabet[n >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace gymcc::serve
