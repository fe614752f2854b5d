#include "serve/auth/api_keys.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace gymcc::serve {
namespace {

std::array<unsigned char, 32> digest_of(std::string_view key) noexcept {
  std::array<unsigned char, 32> out{};
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), out.data());
  return out;
}

bool valid_key(std::string_view key) {
  if (key.size() < 16 || key.size() > 256) return false;
  for (const char c : key) {
    if (c <= ' ' || c > '~' || c == ':') return false;
  }
  return true;
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

[[noreturn]] void bad_line(std::size_t line, const std::string& why) {
  throw std::runtime_error("--api-keys line " + std::to_string(line) + ": " + why);
}

// RATE: requests per second, a positive finite number ("20", "0.5").
double rate_of(std::string_view text, std::size_t line) {
  double rate = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), rate);
  if (ec != std::errc() || ptr != text.data() + text.size() || !(rate > 0.0) ||
      !std::isfinite(rate)) {
    bad_line(line, "RATE must be a positive number of requests per second");
  }
  return rate;
}

}  // namespace

ApiKeys ApiKeys::parse(std::string_view text) {
  ApiKeys keys;
  std::set<std::string, std::less<>> names;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields;
    std::string_view rest = line;
    while (true) {
      const std::size_t colon = rest.find(':');
      fields.push_back(rest.substr(0, colon));
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
    if (fields.size() > 4) {
      bad_line(line_number, "expected KEY, NAME:KEY, NAME:KEY:MAX_ENVS or NAME:KEY:MAX_ENVS:RATE");
    }
    Key key;
    const std::string_view secret = fields.size() == 1 ? fields[0] : fields[1];
    key.name = fields.size() == 1 ? "key-" + std::to_string(line_number) : std::string(fields[0]);
    if (!valid_name(key.name)) bad_line(line_number, "the name must be [A-Za-z0-9._-]{1,64}");
    if (!valid_key(secret)) {
      bad_line(line_number, "a key must be 16 to 256 printable characters without spaces or ':'");
    }
    if (fields.size() >= 3 && !(fields.size() == 4 && fields[2].empty())) {
      std::size_t max_envs = 0;
      const std::string_view digits = fields[2];
      const auto [ptr, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), max_envs);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || max_envs == 0) {
        bad_line(line_number, "MAX_ENVS must be a positive integer");
      }
      key.max_envs = max_envs;
    }
    if (fields.size() == 4)
      key.rate_limit = std::make_shared<TokenBucket>(rate_of(fields[3], line_number));
    if (!names.insert(key.name).second)
      bad_line(line_number, "the name '" + key.name + "' repeats");
    const Digest digest = digest_of(secret);
    for (const Digest& known : keys.digests_) {
      if (known == digest) bad_line(line_number, "this key repeats an earlier line's");
    }
    key.owner = static_cast<Owner>(keys.keys_.size() + 1);
    keys.keys_.push_back(std::move(key));
    keys.digests_.push_back(digest);
  }
  if (keys.keys_.empty()) throw std::runtime_error("--api-keys: the file holds no key");
  return keys;
}

ApiKeys ApiKeys::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("--api-keys: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str());
}

const ApiKeys::Key* ApiKeys::authenticate(std::string_view presented) const noexcept {
  if (presented.empty()) return nullptr;
  const Digest digest = digest_of(presented);
  const Key* found = nullptr;
  for (std::size_t i = 0; i < digests_.size(); ++i) {
    // Every digest is compared in full: no early exit tells how far a guess got.
    if (CRYPTO_memcmp(digest.data(), digests_[i].data(), digest.size()) == 0) found = &keys_[i];
  }
  return found;
}

Caller ApiKeys::caller_of(const Key& key) noexcept {
  Caller caller;
  caller.owner = key.owner;
  if (key.max_envs) caller.max_envs = *key.max_envs;
  caller.name = key.name;
  caller.rate_limit = key.rate_limit.get();
  return caller;
}

std::string_view presented_key(std::string_view authorization,
                               std::string_view x_api_key) noexcept {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() > kBearer.size()) {
    bool bearer = true;
    for (std::size_t i = 0; i < kBearer.size(); ++i) {
      const char c = authorization[i];
      const char want = kBearer[i];
      if (c != want && !(want >= 'A' && want <= 'Z' && c == want + ('a' - 'A'))) bearer = false;
    }
    if (bearer) return trim(authorization.substr(kBearer.size()));
  }
  return trim(x_api_key);
}

}  // namespace gymcc::serve
