// gymcc._gymcc: the native half of the gymcc Python package.

#define GYMCC_IMPORT_NUMPY
#include <exception>
#include <string>

#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "common.hpp"
#include "gymcc/envs/all.hpp"

namespace gymcc::python {
namespace {

// {error code name: Python exception class}, set once by gymcc.errors.
PyObject* g_error_classes = nullptr;

void set_error_classes(nb::dict classes) {
  Py_XDECREF(g_error_classes);
  g_error_classes = classes.inc_ref().ptr();  // kept for the module's lifetime
}

// gymcc::Error becomes the Python class registered for its code (a subclass
// of the matching gymnasium error), RuntimeError before gymcc.errors loads.
void translate(const std::exception_ptr& pending, void* /*payload*/) {
  try {
    std::rethrow_exception(pending);
  } catch (const Error& e) {
    PyObject* cls = nullptr;
    if (g_error_classes != nullptr) {
      cls = PyDict_GetItemString(g_error_classes, error_code_name(e.code()));
    }
    PyErr_SetString(cls != nullptr ? cls : PyExc_RuntimeError, e.what());
  }
}

nb::object specs() {
  nb::list out;
  for (const EnvSpec* spec : envs::default_registry().specs()) {
    out.append(to_python(spec->describe()));
  }
  return out;
}

nb::object spec(const std::string& env_id) {
  return to_python(envs::default_registry().spec(env_id).describe());
}

}  // namespace
}  // namespace gymcc::python

NB_MODULE(_gymcc, m) {
  namespace nb = nanobind;
  using namespace gymcc::python;
  if (_import_array() < 0) throw nb::python_error();
  nb::register_exception_translator(&translate);

  m.doc() = "gymcc's native environments; use the gymcc package rather than this module.";
  m.def("specs", &specs, "Every registered env's spec description, sorted by id");
  m.def("spec", &spec, nb::arg("env_id"),
        "The spec description `make(env_id)` would use (an unversioned id picks the latest "
        "version); raises as make does");
  m.def("set_error_classes", &set_error_classes, nb::arg("classes"),
        "Maps gymcc error code names to the Python exception classes to raise");
  bind_env(m);
  bind_vector_env(m);
}
