#include <cstring>
#include <string>
#include <string_view>

#include "common.hpp"

namespace gymcc::python {
namespace {

// Python's name of the object's type, as `type(x)` shows it ("numpy.int64").
std::string type_name_of(nb::handle object) { return Py_TYPE(object.ptr())->tp_name; }

[[noreturn]] void unsupported(nb::handle object, std::string_view where) {
  throw Error(ErrorCode::kInvalidArgument, "gymcc cannot convert a value of type '" +
                                               type_name_of(object) + "'" + std::string(where) +
                                               " (expected None, bool, int, float, str, a "
                                               "numpy scalar or array, list, tuple or dict)");
}

// int64 when it fits, else its decimal text.
void int_from_python(PyObject* object, Value& out) {
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(object, &overflow);
  if (v == -1 && PyErr_Occurred()) throw nb::python_error();
  if (overflow == 0) {
    out = Value(static_cast<std::int64_t>(v));
    return;
  }
  nb::object text = checked(PyObject_Str(object));
  out = Value(BigInt{nb::borrow<nb::str>(text).c_str()});
}

template <class T>
void copy_out(const Array& array, void* data) {
  T* p = static_cast<T*>(data);
  for (double d : array.data) *p++ = static_cast<T>(d);
}

template <class T>
void copy_in(const void* data, std::size_t n, std::vector<double>& out) {
  const T* p = static_cast<const T*>(data);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<double>(p[i]);
}

// The gymcc dtype of a numpy type number, or nullopt for types gymcc lacks.
std::optional<DType> dtype_of(int type) {
  if (PyArray_EquivTypenums(type, NPY_FLOAT32)) return DType::kFloat32;
  if (PyArray_EquivTypenums(type, NPY_FLOAT64)) return DType::kFloat64;
  if (PyArray_EquivTypenums(type, NPY_INT64)) return DType::kInt64;
  if (PyArray_EquivTypenums(type, NPY_INT32)) return DType::kInt32;
  if (PyArray_EquivTypenums(type, NPY_INT8)) return DType::kInt8;
  if (PyArray_EquivTypenums(type, NPY_UINT8)) return DType::kUInt8;
  if (type == NPY_BOOL) return DType::kBool;
  return std::nullopt;
}

void array_from_python(PyObject* object, Value& out) {
  auto* input = reinterpret_cast<PyArrayObject*>(object);
  const int type = PyArray_TYPE(input);
  std::optional<DType> dtype = dtype_of(type);
  int target = type;
  if (!dtype) {
    // Other integers widen to int64 and other floats to float64, exactly.
    if (PyTypeNum_ISINTEGER(type)) {
      dtype = DType::kInt64;
      target = NPY_INT64;
    } else if (PyTypeNum_ISFLOAT(type)) {
      dtype = DType::kFloat64;
      target = NPY_FLOAT64;
    } else {
      unsupported(object, " (numpy arrays must hold numbers or booleans)");
    }
  }
  nb::object contiguous =
      checked(PyArray_FromAny(object, PyArray_DescrFromType(target), 0, 0,
                              NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED, nullptr));
  auto* arr = reinterpret_cast<PyArrayObject*>(contiguous.ptr());
  const int ndim = PyArray_NDIM(arr);
  Shape shape(static_cast<std::size_t>(ndim));
  for (int i = 0; i < ndim; ++i) shape[static_cast<std::size_t>(i)] = PyArray_DIM(arr, i);
  Array& a = out.emplace_array(*dtype, shape);
  const void* data = PyArray_DATA(arr);
  const std::size_t n = a.data.size();
  switch (*dtype) {
    case DType::kFloat32:
      copy_in<float>(data, n, a.data);
      break;
    case DType::kFloat64:
      copy_in<double>(data, n, a.data);
      break;
    case DType::kInt64:
      copy_in<std::int64_t>(data, n, a.data);
      break;
    case DType::kInt32:
      copy_in<std::int32_t>(data, n, a.data);
      break;
    case DType::kInt8:
      copy_in<std::int8_t>(data, n, a.data);
      break;
    case DType::kUInt8:
      copy_in<std::uint8_t>(data, n, a.data);
      break;
    case DType::kBool:
      copy_in<npy_bool>(data, n, a.data);
      break;
  }
}

}  // namespace

int numpy_type(DType dtype) noexcept {
  switch (dtype) {
    case DType::kFloat32:
      return NPY_FLOAT32;
    case DType::kFloat64:
      return NPY_FLOAT64;
    case DType::kInt64:
      return NPY_INT64;
    case DType::kInt32:
      return NPY_INT32;
    case DType::kInt8:
      return NPY_INT8;
    case DType::kUInt8:
      return NPY_UINT8;
    case DType::kBool:
      return NPY_BOOL;
  }
  return NPY_FLOAT64;
}

nb::object to_numpy(const Array& array) {
  constexpr int kMaxDims = 32;
  npy_intp dims[kMaxDims];
  const auto ndim = static_cast<int>(array.shape.size());
  if (ndim > kMaxDims) throw Error(ErrorCode::kInvalidArgument, "array has too many dimensions");
  for (int i = 0; i < ndim; ++i) dims[i] = array.shape[static_cast<std::size_t>(i)];
  nb::object out = checked(PyArray_SimpleNew(ndim, dims, numpy_type(array.dtype)));
  void* data = PyArray_DATA(reinterpret_cast<PyArrayObject*>(out.ptr()));
  switch (array.dtype) {
    case DType::kFloat32:
      copy_out<float>(array, data);
      break;
    case DType::kFloat64:
      copy_out<double>(array, data);
      break;
    case DType::kInt64:
      copy_out<std::int64_t>(array, data);
      break;
    case DType::kInt32:
      copy_out<std::int32_t>(array, data);
      break;
    case DType::kInt8:
      copy_out<std::int8_t>(array, data);
      break;
    case DType::kUInt8:
      copy_out<std::uint8_t>(array, data);
      break;
    case DType::kBool:
      copy_out<npy_bool>(array, data);
      break;
  }
  return out;
}

nb::object to_python(const Value& value, bool lists_as_tuples) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      return nb::none();
    case Value::Kind::kBool:
      return nb::bool_(value.as_bool());
    case Value::Kind::kInt:
      return checked(PyLong_FromLongLong(value.as_int()));
    case Value::Kind::kBigInt:
      return checked(PyLong_FromString(value.as_bigint().decimal.c_str(), nullptr, 10));
    case Value::Kind::kFloat:
      return checked(PyFloat_FromDouble(value.as_float()));
    case Value::Kind::kString: {
      const std::string& s = value.as_string();
      return checked(PyUnicode_FromStringAndSize(s.data(), static_cast<Py_ssize_t>(s.size())));
    }
    case Value::Kind::kArray:
      return to_numpy(value.as_array());
    case Value::Kind::kList: {
      const List& list = value.as_list();
      const auto n = static_cast<Py_ssize_t>(list.size());
      nb::object out = checked(lists_as_tuples ? PyTuple_New(n) : PyList_New(n));
      for (Py_ssize_t i = 0; i < n; ++i) {
        PyObject* item =
            to_python(list[static_cast<std::size_t>(i)], lists_as_tuples).release().ptr();
        if (lists_as_tuples) {
          PyTuple_SET_ITEM(out.ptr(), i, item);
        } else {
          PyList_SET_ITEM(out.ptr(), i, item);
        }
      }
      return out;
    }
    case Value::Kind::kDict: {
      nb::object out = checked(PyDict_New());
      for (const auto& [key, item] : value.as_dict()) {
        nb::object k =
            checked(PyUnicode_FromStringAndSize(key.data(), static_cast<Py_ssize_t>(key.size())));
        nb::object v = to_python(item, lists_as_tuples);
        if (PyDict_SetItem(out.ptr(), k.ptr(), v.ptr()) != 0) throw nb::python_error();
      }
      return out;
    }
  }
  return nb::none();
}

void from_python(nb::handle object, Value& out) {
  PyObject* o = object.ptr();
  if (o == Py_None) {
    out = Value();
  } else if (PyBool_Check(o)) {
    out = Value(o == Py_True);
  } else if (PyLong_Check(o)) {
    int_from_python(o, out);
  } else if (PyFloat_Check(o)) {  // np.float64 too: it subclasses float
    out = Value(PyFloat_AS_DOUBLE(o));
  } else if (PyArray_Check(o)) {
    array_from_python(o, out);
  } else if (PyArray_IsScalar(o, Bool)) {
    out = Value(PyObject_IsTrue(o) == 1);
  } else if (PyArray_IsScalar(o, Integer)) {
    nb::object as_int = checked(PyNumber_Index(o));
    int_from_python(as_int.ptr(), out);
  } else if (PyArray_IsScalar(o, Floating)) {
    const double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred()) throw nb::python_error();
    out = Value(d);
  } else if (PyUnicode_Check(o)) {
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(o, &size);
    if (text == nullptr) throw nb::python_error();
    out = Value(std::string(text, static_cast<std::size_t>(size)));
  } else if (PyList_Check(o) || PyTuple_Check(o)) {
    nb::object seq = checked(PySequence_Fast(o, "expected a sequence"));
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq.ptr());
    PyObject** items = PySequence_Fast_ITEMS(seq.ptr());
    List list(static_cast<std::size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) from_python(items[i], list[static_cast<std::size_t>(i)]);
    out = Value(std::move(list));
  } else if (PyDict_Check(o)) {
    Dict dict;
    PyObject* key = nullptr;
    PyObject* item = nullptr;
    Py_ssize_t pos = 0;
    while (PyDict_Next(o, &pos, &key, &item)) {
      if (!PyUnicode_Check(key)) unsupported(key, " as a dict key (keys must be str)");
      Py_ssize_t size = 0;
      const char* text = PyUnicode_AsUTF8AndSize(key, &size);
      if (text == nullptr) throw nb::python_error();
      dict.emplace_back(std::string(text, static_cast<std::size_t>(size)), from_python(item));
    }
    out = Value(std::move(dict));
  } else {
    unsupported(object, "");
  }
}

std::optional<Seed> seed_from_python(nb::handle seed) {
  PyObject* o = seed.ptr();
  if (o == Py_None) return std::nullopt;
  if (!PyLong_Check(o)) {
    python::throw_seed_type(type_name_of(seed));
  }
  const int sign = PyObject_RichCompareBool(o, nb::int_(0).ptr(), Py_LT);
  if (sign < 0) throw nb::python_error();
  if (sign == 1) {
    nb::object text = checked(PyObject_Str(o));
    python::throw_negative_seed(nb::borrow<nb::str>(text).c_str());
  }
  const unsigned long long small = PyLong_AsUnsignedLongLong(o);
  if (!(small == static_cast<unsigned long long>(-1) && PyErr_Occurred())) {
    return Seed(static_cast<std::uint64_t>(small));
  }
  PyErr_Clear();  // larger than 64 bits
  nb::object text = checked(PyObject_Str(o));
  return Seed::from_decimal(nb::borrow<nb::str>(text).c_str());
}

}  // namespace gymcc::python
