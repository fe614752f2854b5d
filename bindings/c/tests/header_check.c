/* Compiled as C89, C99 and C11 with -pedantic-errors (tests/CMakeLists.txt). */
#include "gymcc_c.h"

int gymcc_header_check(void) {
  gymcc_space space;
  space.kind = GYMCC_SPACE_BOX;
  return space.kind + GYMCC_VERSION + (GYMCC_NO_SEED < 0) + GYMCC_REGISTERED_LIMIT;
}
