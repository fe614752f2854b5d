#pragma once
// The parts of the extension module, each bound in its own file.

#include <nanobind/nanobind.h>

namespace gymcc::python {

void bind_env(nanobind::module_& m);         // env.cpp: gymcc._gymcc.Env
void bind_vector_env(nanobind::module_& m);  // vector_env.cpp: gymcc._gymcc.VectorEnv

}  // namespace gymcc::python
