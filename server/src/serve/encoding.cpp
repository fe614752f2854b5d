#include "serve/encoding.hpp"

#include <cstring>
#include <stdexcept>

#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "serve/body.hpp"
#include "serve/http_message.hpp"

namespace gymcc::serve {
namespace {

template <class T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void write_element(DType dtype, const char* p, std::string& out) {
  switch (dtype) {
    case DType::kFloat32:
      return json::write_double(static_cast<double>(load<float>(p)), out, kResponseJson);
    case DType::kFloat64:
      return json::write_double(load<double>(p), out, kResponseJson);
    case DType::kInt64:
      return json::write_int(load<std::int64_t>(p), out);
    case DType::kInt32:
      return json::write_int(load<std::int32_t>(p), out);
    case DType::kInt8:
      return json::write_int(load<std::int8_t>(p), out);
    case DType::kUInt8:
      return json::write_int(load<std::uint8_t>(p), out);
    case DType::kBool:
      out += load<std::uint8_t>(p) != 0 ? "true" : "false";
      return;
  }
}

}  // namespace

bool names_msgpack(std::string_view header) noexcept {
  return header.find("application/msgpack") != std::string_view::npos ||
         header.find("application/x-msgpack") != std::string_view::npos ||
         header.find("application/vnd.msgpack") != std::string_view::npos;
}

Value decode_body(Encoding encoding, std::string_view body) {
  if (encoding == Encoding::kJson) return parse_body(body);
  if (body.empty()) return Value();
  try {
    return msgpack::decode(body);
  } catch (const Error& e) {
    throw ClientError{400, "invalid_msgpack", e.what()};
  }
}

void BodyWriter::comma() {
  if (need_comma_) out_ += ',';
}

void BodyWriter::begin_map() {
  if (depth_ == maps_.size()) throw std::logic_error("BodyWriter: maps nested too deep");
  if (encoding_ == Encoding::kJson) {
    comma();
    out_ += '{';
    need_comma_ = false;
    ++depth_;
    return;
  }
  maps_[depth_++] = OpenMap{msgpack_.open_map(), 0};
}

void BodyWriter::end_map() {
  --depth_;
  if (encoding_ == Encoding::kJson) {
    out_ += '}';
    need_comma_ = true;
    return;
  }
  msgpack_.patch_map_size(maps_[depth_].position, maps_[depth_].keys);
}

void BodyWriter::key(std::string_view name) {
  if (encoding_ == Encoding::kJson) {
    comma();
    json::write_string(name, out_);
    out_ += ':';
    need_comma_ = false;
    return;
  }
  ++maps_[depth_ - 1].keys;
  msgpack_.string(name);
}

void BodyWriter::null() {
  if (encoding_ == Encoding::kMsgpack) return msgpack_.nil();
  comma();
  out_ += "null";
  need_comma_ = true;
}

void BodyWriter::boolean(bool b) {
  if (encoding_ == Encoding::kMsgpack) return msgpack_.boolean(b);
  comma();
  out_ += b ? "true" : "false";
  need_comma_ = true;
}

void BodyWriter::integer(std::int64_t v) {
  if (encoding_ == Encoding::kMsgpack) return msgpack_.integer(v);
  comma();
  json::write_int(v, out_);
  need_comma_ = true;
}

void BodyWriter::real(double v) {
  if (encoding_ == Encoding::kMsgpack) return msgpack_.real(v);
  comma();
  json::write_double(v, out_, kResponseJson);
  need_comma_ = true;
}

void BodyWriter::string(std::string_view s) {
  if (encoding_ == Encoding::kMsgpack) return msgpack_.string(s);
  comma();
  json::write_string(s, out_);
  need_comma_ = true;
}

void BodyWriter::value(const Value& v) {
  if (encoding_ == Encoding::kMsgpack) return msgpack_.value(v);
  comma();
  json::write(v, out_, kResponseJson);
  need_comma_ = true;
}

void BodyWriter::ndarray(DType dtype, std::span<const std::int64_t> shape, const void* data) {
  if (encoding_ == Encoding::kMsgpack) return msgpack_.ndarray(dtype, shape, data);
  comma();
  // Room for the longest repr of every element up front: no regrowth
  // copies of a large batch's text.
  std::size_t count = 1;
  for (std::int64_t d : shape) count *= static_cast<std::size_t>(d);
  out_.reserve(out_.size() + count * (is_floating(dtype) ? 25 : 21) + 2 * shape.size() + 2);
  const char* p = static_cast<const char*>(data);
  json_ndarray(dtype, shape, p);
  need_comma_ = true;
}

void BodyWriter::json_ndarray(DType dtype, std::span<const std::int64_t> shape, const char*& data) {
  if (shape.empty()) {
    write_element(dtype, data, out_);
    data += dtype_itemsize(dtype);
    return;
  }
  out_ += '[';
  for (std::int64_t i = 0; i < shape[0]; ++i) {
    if (i > 0) out_ += ',';
    json_ndarray(dtype, shape.subspan(1), data);
  }
  out_ += ']';
}

}  // namespace gymcc::serve
