#pragma once
// dm_env_rpc tensors and gymcc values: the data types that correspond, and
// the checked conversions each way. A tensor holds one typed payload array
// and a shape; an empty shape is a scalar, a single -1 dimension is inferred
// from the payload, and a one-element payload broadcasts to any shape.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dm_env_rpc/v1/dm_env_rpc.pb.h"
#include "gymcc/value.hpp"

namespace gymcc::serve::rpc {

namespace pb = dm_env_rpc::v1;

// The dm_env_rpc data type that holds `dtype`'s values exactly.
pb::DataType data_type(DType dtype) noexcept;
// "FLOAT", "INT64", ... for messages.
std::string_view data_type_name(pb::DataType type);
// The data type of a tensor's payload; INVALID_DATA_TYPE when it has none.
pb::DataType payload_type(const pb::Tensor& tensor) noexcept;
// The number of elements in a tensor's payload.
std::int64_t payload_size(const pb::Tensor& tensor) noexcept;

// A numeric tensor's elements as doubles (what Array holds), in payload
// order; int64 and uint64 elements beyond 2^53 round, so integer settings
// read them with integer_elements instead. Empty for strings and protos.
std::vector<double> numeric_elements(const pb::Tensor& tensor);
std::vector<std::int64_t> integer_elements(const pb::Tensor& tensor);

// The shape a tensor stands for, its -1 dimension resolved from the payload;
// nullopt, with `problem` set, when the payload cannot fill it (more than one
// -1, a size that does not divide, a payload that neither fills the shape
// nor broadcasts from one element).
std::optional<Shape> resolved_shape(const pb::Tensor& tensor, std::string& problem);

// Payload writers: `values` as `dtype`'s tensor type, with `shape`.
void pack(DType dtype, const std::vector<double>& values, const Shape& shape, pb::Tensor& out);
void pack_scalar(DType dtype, double value, pb::Tensor& out);
void pack_string(std::string_view text, pb::Tensor& out);

// A setting's tensor as a Value: a scalar as a bool, int, float or string, an
// array as nested lists in its shape. Throws ClientError(400) naming
// `setting` for a tensor without a payload, a proto payload, or a shape the
// payload does not fill.
Value setting_value(const pb::Tensor& tensor, std::string_view setting);

}  // namespace gymcc::serve::rpc
