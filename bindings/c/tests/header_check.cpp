// gymcc_c.h from C++: extern "C", and noexcept on every function.
#include "gymcc_c.h"

static_assert(noexcept(gymcc_env_step(nullptr, nullptr, 0, nullptr, 0, nullptr, nullptr, nullptr)));
static_assert(noexcept(gymcc_vec_make(nullptr, 0, 0, nullptr, nullptr, 0, nullptr, nullptr, 0)));
