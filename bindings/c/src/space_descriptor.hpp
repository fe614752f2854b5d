#pragma once
// gymcc_space descriptors of a Space, owning every array they point to, and
// the buffer layout they define: values in and out of caller buffers.

#include <memory>
#include <optional>

#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"
#include "gymcc_c.h"

namespace gymcc::c_api {

int dtype_code(DType dtype) noexcept;
// The inverse; nullopt for GYMCC_DTYPE_NONE and unknown codes.
std::optional<DType> dtype_of_code(int code) noexcept;

class SpaceDescriptor {
 public:
  explicit SpaceDescriptor(const Space& space);
  ~SpaceDescriptor();
  SpaceDescriptor(SpaceDescriptor&&) noexcept;
  SpaceDescriptor& operator=(SpaceDescriptor&&) noexcept;

  const gymcc_space& root() const noexcept;
  // Whether the buffer is one array (no Tuple or Dict), of `dtype`.
  bool is_array_of(DType dtype) const noexcept;

  // Writes a value of the space, in the form libenv's Values hold it (an int,
  // an Array, a List for Tuple, a Dict), into a buffer of root().nbytes bytes.
  // Allocates nothing.
  void write(const Value& value, void* buffer) const;
  // The Value of the space a buffer holds.
  Value read(const void* buffer) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

}  // namespace gymcc::c_api
