#pragma once
// What every translation unit of the extension shares: nanobind, numpy's C
// API (imported once, in module.cpp, through one table symbol) and the
// conversions between gymcc::Value and Python objects.
//
// numpy's C API rather than nb::ndarray for outputs: a step returns a fresh
// observation array, and PyArray_SimpleNew costs a fraction of what going
// through DLPack or the buffer protocol does.

#include <nanobind/nanobind.h>

#include <cstdint>
#include <optional>
#include <string>

#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#define PY_ARRAY_UNIQUE_SYMBOL GYMCC_PyArray_API
#ifndef GYMCC_IMPORT_NUMPY
#define NO_IMPORT_ARRAY
#endif
#include <numpy/arrayobject.h>
#include <numpy/arrayscalars.h>

#include "gymcc/errors.hpp"
#include "gymcc/python.hpp"
#include "gymcc/rng.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"

namespace gymcc::python {

namespace nb = nanobind;

// numpy's type number for a gymcc dtype.
int numpy_type(DType dtype) noexcept;

// A fresh numpy array holding a copy of `array`.
nb::object to_numpy(const Array& array);

// The Python form of `value`: arrays become numpy arrays with their dtype,
// lists become tuples when `lists_as_tuples` (the observations of Tuple
// spaces, as gymnasium returns them) and lists otherwise.
nb::object to_python(const Value& value, bool lists_as_tuples = false);

// The Value of a Python object: None, bool, int, float, str, numpy scalars
// and arrays, lists, tuples and dicts with str keys. Reuses the array buffer
// `out` already holds. Throws Error(kInvalidArgument) for anything else.
void from_python(nb::handle object, Value& out);
inline Value from_python(nb::handle object) {
  Value v;
  from_python(object, v);
  return v;
}

// A seed for reset: None, or a non-negative Python int of any size. Throws
// Error(kInvalidSeed) with gymnasium's messages otherwise.
std::optional<Seed> seed_from_python(nb::handle seed);

// Owns a new reference returned by the C API; throws the pending Python
// error when it is null.
inline nb::object checked(PyObject* object) {
  if (object == nullptr) throw nb::python_error();
  return nb::steal(object);
}

}  // namespace gymcc::python
