#include "serve/grpc/tensors.hpp"

#include <cmath>

#include "serve/error_reply.hpp"

namespace gymcc::serve::rpc {
namespace {

template <class Repeated>
void append_all(const Repeated& source, std::vector<double>& out) {
  for (const auto element : source) out.push_back(static_cast<double>(element));
}

void append_bytes(const std::string& bytes, bool is_signed, std::vector<double>& out) {
  for (const char byte : bytes) {
    out.push_back(is_signed ? static_cast<double>(static_cast<std::int8_t>(byte))
                            : static_cast<double>(static_cast<std::uint8_t>(byte)));
  }
}

std::string bytes_of(const std::vector<double>& values, bool is_signed) {
  std::string out;
  out.reserve(values.size());
  for (const double v : values) {
    out.push_back(is_signed ? static_cast<char>(static_cast<std::int8_t>(v))
                            : static_cast<char>(static_cast<std::uint8_t>(v)));
  }
  return out;
}

Value scalar_value(const pb::Tensor& tensor, int index) {
  switch (tensor.payload_case()) {
    case pb::Tensor::kFloats:
      return Value(static_cast<double>(tensor.floats().array(index)));
    case pb::Tensor::kDoubles:
      return Value(tensor.doubles().array(index));
    case pb::Tensor::kInt8S:
      return Value(std::int64_t{
          static_cast<std::int8_t>(tensor.int8s().array()[static_cast<std::size_t>(index)])});
    case pb::Tensor::kUint8S:
      return Value(std::int64_t{
          static_cast<std::uint8_t>(tensor.uint8s().array()[static_cast<std::size_t>(index)])});
    case pb::Tensor::kInt32S:
      return Value(std::int64_t{tensor.int32s().array(index)});
    case pb::Tensor::kInt64S:
      return Value(std::int64_t{tensor.int64s().array(index)});
    case pb::Tensor::kUint32S:
      return Value(std::int64_t{tensor.uint32s().array(index)});
    case pb::Tensor::kUint64S: {
      const std::uint64_t v = tensor.uint64s().array(index);
      if (v > static_cast<std::uint64_t>(INT64_MAX)) return Value(BigInt{std::to_string(v)});
      return Value(static_cast<std::int64_t>(v));
    }
    case pb::Tensor::kBools:
      return Value(tensor.bools().array(index));
    case pb::Tensor::kStrings:
      return Value(tensor.strings().array(index));
    case pb::Tensor::kProtos:
    case pb::Tensor::PAYLOAD_NOT_SET:
      break;
  }
  return Value();
}

// Elements [begin, ...) of `tensor` nested as lists in shape[dim...].
Value nested(const pb::Tensor& tensor, const Shape& shape, std::size_t dim, std::int64_t& next,
             bool broadcast) {
  if (dim == shape.size()) {
    const Value element = scalar_value(tensor, broadcast ? 0 : static_cast<int>(next));
    ++next;
    return element;
  }
  List out;
  out.reserve(static_cast<std::size_t>(shape[dim]));
  for (std::int64_t i = 0; i < shape[dim]; ++i) {
    out.push_back(nested(tensor, shape, dim + 1, next, broadcast));
  }
  return Value(std::move(out));
}

}  // namespace

pb::DataType data_type(DType dtype) noexcept {
  switch (dtype) {
    case DType::kFloat32:
      return pb::FLOAT;
    case DType::kFloat64:
      return pb::DOUBLE;
    case DType::kInt64:
      return pb::INT64;
    case DType::kInt32:
      return pb::INT32;
    case DType::kInt8:
      return pb::INT8;
    case DType::kUInt8:
      return pb::UINT8;
    case DType::kBool:
      return pb::BOOL;
  }
  return pb::INVALID_DATA_TYPE;
}

std::string_view data_type_name(pb::DataType type) {
  const std::string& name = pb::DataType_Name(type);
  return name.empty() ? std::string_view("INVALID_DATA_TYPE") : std::string_view(name);
}

pb::DataType payload_type(const pb::Tensor& tensor) noexcept {
  switch (tensor.payload_case()) {
    case pb::Tensor::kFloats:
      return pb::FLOAT;
    case pb::Tensor::kDoubles:
      return pb::DOUBLE;
    case pb::Tensor::kInt8S:
      return pb::INT8;
    case pb::Tensor::kInt32S:
      return pb::INT32;
    case pb::Tensor::kInt64S:
      return pb::INT64;
    case pb::Tensor::kUint8S:
      return pb::UINT8;
    case pb::Tensor::kUint32S:
      return pb::UINT32;
    case pb::Tensor::kUint64S:
      return pb::UINT64;
    case pb::Tensor::kBools:
      return pb::BOOL;
    case pb::Tensor::kStrings:
      return pb::STRING;
    case pb::Tensor::kProtos:
      return pb::PROTO;
    case pb::Tensor::PAYLOAD_NOT_SET:
      break;
  }
  return pb::INVALID_DATA_TYPE;
}

std::int64_t payload_size(const pb::Tensor& tensor) noexcept {
  switch (tensor.payload_case()) {
    case pb::Tensor::kFloats:
      return tensor.floats().array_size();
    case pb::Tensor::kDoubles:
      return tensor.doubles().array_size();
    case pb::Tensor::kInt8S:
      return static_cast<std::int64_t>(tensor.int8s().array().size());
    case pb::Tensor::kInt32S:
      return tensor.int32s().array_size();
    case pb::Tensor::kInt64S:
      return tensor.int64s().array_size();
    case pb::Tensor::kUint8S:
      return static_cast<std::int64_t>(tensor.uint8s().array().size());
    case pb::Tensor::kUint32S:
      return tensor.uint32s().array_size();
    case pb::Tensor::kUint64S:
      return tensor.uint64s().array_size();
    case pb::Tensor::kBools:
      return tensor.bools().array_size();
    case pb::Tensor::kStrings:
      return tensor.strings().array_size();
    case pb::Tensor::kProtos:
      return tensor.protos().array_size();
    case pb::Tensor::PAYLOAD_NOT_SET:
      break;
  }
  return 0;
}

std::vector<double> numeric_elements(const pb::Tensor& tensor) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(payload_size(tensor)));
  switch (tensor.payload_case()) {
    case pb::Tensor::kFloats:
      append_all(tensor.floats().array(), out);
      break;
    case pb::Tensor::kDoubles:
      append_all(tensor.doubles().array(), out);
      break;
    case pb::Tensor::kInt8S:
      append_bytes(tensor.int8s().array(), true, out);
      break;
    case pb::Tensor::kUint8S:
      append_bytes(tensor.uint8s().array(), false, out);
      break;
    case pb::Tensor::kInt32S:
      append_all(tensor.int32s().array(), out);
      break;
    case pb::Tensor::kInt64S:
      append_all(tensor.int64s().array(), out);
      break;
    case pb::Tensor::kUint32S:
      append_all(tensor.uint32s().array(), out);
      break;
    case pb::Tensor::kUint64S:
      append_all(tensor.uint64s().array(), out);
      break;
    case pb::Tensor::kBools:
      for (const bool b : tensor.bools().array()) out.push_back(b ? 1.0 : 0.0);
      break;
    case pb::Tensor::kStrings:
    case pb::Tensor::kProtos:
    case pb::Tensor::PAYLOAD_NOT_SET:
      break;
  }
  return out;
}

std::vector<std::int64_t> integer_elements(const pb::Tensor& tensor) {
  std::vector<std::int64_t> out;
  switch (tensor.payload_case()) {
    case pb::Tensor::kInt64S:
      out.assign(tensor.int64s().array().begin(), tensor.int64s().array().end());
      break;
    case pb::Tensor::kInt32S:
      out.assign(tensor.int32s().array().begin(), tensor.int32s().array().end());
      break;
    default:
      for (const double v : numeric_elements(tensor)) out.push_back(static_cast<std::int64_t>(v));
  }
  return out;
}

std::optional<Shape> resolved_shape(const pb::Tensor& tensor, std::string& problem) {
  Shape shape(tensor.shape().begin(), tensor.shape().end());
  const std::int64_t size = payload_size(tensor);
  int unknown = -1;
  std::int64_t known = 1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] < 0) {
      if (shape[i] != -1 || unknown >= 0) {
        problem = "a shape may have one variable (-1) dimension, and no other negative one";
        return std::nullopt;
      }
      unknown = static_cast<int>(i);
    } else {
      known *= shape[i];
    }
  }
  if (unknown >= 0) {
    if (known == 0 || size % known != 0) {
      problem = "a payload of " + std::to_string(size) + " elements cannot fill its shape";
      return std::nullopt;
    }
    shape[static_cast<std::size_t>(unknown)] = size / known;
    known = size;
  }
  if (size != known && size != 1) {
    problem = "a payload of " + std::to_string(size) + " elements does not fill a shape of " +
              std::to_string(known) + " (nor broadcasts from one element)";
    return std::nullopt;
  }
  return shape;
}

void pack(DType dtype, const std::vector<double>& values, const Shape& shape, pb::Tensor& out) {
  out.clear_shape();
  for (const std::int64_t d : shape) out.add_shape(static_cast<std::int32_t>(d));
  switch (dtype) {
    case DType::kFloat32: {
      auto* array = out.mutable_floats()->mutable_array();
      array->Reserve(static_cast<int>(values.size()));
      for (const double v : values) array->AddAlreadyReserved(static_cast<float>(v));
      return;
    }
    case DType::kFloat64:
      out.mutable_doubles()->mutable_array()->Add(values.begin(), values.end());
      return;
    case DType::kInt64: {
      auto* array = out.mutable_int64s()->mutable_array();
      array->Reserve(static_cast<int>(values.size()));
      for (const double v : values) array->AddAlreadyReserved(static_cast<std::int64_t>(v));
      return;
    }
    case DType::kInt32: {
      auto* array = out.mutable_int32s()->mutable_array();
      array->Reserve(static_cast<int>(values.size()));
      for (const double v : values) array->AddAlreadyReserved(static_cast<std::int32_t>(v));
      return;
    }
    case DType::kInt8:
      out.mutable_int8s()->set_array(bytes_of(values, true));
      return;
    case DType::kUInt8:
      out.mutable_uint8s()->set_array(bytes_of(values, false));
      return;
    case DType::kBool: {
      auto* array = out.mutable_bools()->mutable_array();
      for (const double v : values) array->Add(v != 0.0);
      return;
    }
  }
}

void pack_scalar(DType dtype, double value, pb::Tensor& out) {
  pack(dtype, std::vector<double>{value}, Shape{}, out);
}

void pack_string(std::string_view text, pb::Tensor& out) {
  out.clear_shape();
  out.mutable_strings()->add_array(std::string(text));
}

Value setting_value(const pb::Tensor& tensor, std::string_view setting) {
  const auto invalid = [&setting](std::string_view why) {
    return ClientError{400, "invalid_setting",
                       "Setting '" + std::string(setting) + "' " + std::string(why)};
  };
  const pb::DataType type = payload_type(tensor);
  if (type == pb::INVALID_DATA_TYPE) throw invalid("has no payload");
  if (type == pb::PROTO) throw invalid("is a proto tensor, which no setting takes");
  std::string problem;
  const std::optional<Shape> shape = resolved_shape(tensor, problem);
  if (!shape) throw invalid("has a bad shape: " + problem);
  if (payload_size(tensor) == 0) throw invalid("has an empty payload");
  std::int64_t next = 0;
  const bool broadcast = payload_size(tensor) == 1 && shape_size(*shape) != 1;
  return nested(tensor, *shape, 0, next, broadcast);
}

}  // namespace gymcc::serve::rpc
