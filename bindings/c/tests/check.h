/* The C tests' checks: a failed one is reported and counted, not fatal. */
#ifndef GYMCC_C_TEST_CHECK_H
#define GYMCC_C_TEST_CHECK_H

#include <stdio.h>

#include "gymcc_c.h"

/* Each test file counts its own. */
static int failures = 0;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf(stderr, "%s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                       \
    }                                                                   \
  } while (0)

#define CHECK_STATUS(expected, call)                                                 \
  do {                                                                               \
    int status_ = (call);                                                            \
    if (status_ != (expected)) {                                                     \
      fprintf(stderr, "%s:%d: %s gave %s, expected %s\n", __FILE__, __LINE__, #call, \
              gymcc_status_name(status_), gymcc_status_name(expected));              \
      ++failures;                                                                    \
    }                                                                                \
  } while (0)

#endif
