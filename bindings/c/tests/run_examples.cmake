# Runs the C example and the Python ctypes example (bindings/c/README.md's
# commands); both must print their mean return, and the same returns.
execute_process(COMMAND "${C_EXAMPLE}" RESULT_VARIABLE rc OUTPUT_VARIABLE c_output)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cartpole.c failed (${rc}):\n${c_output}")
endif()
set(ENV{GYMCC_C_LIB} "${LIBRARY}")
if(PRELOAD)
  set(ENV{LD_PRELOAD} "${PRELOAD}")
  # CPython keeps its allocations to the end by design.
  set(ENV{ASAN_OPTIONS} "detect_leaks=0")
endif()
execute_process(COMMAND "${PYTHON}" "${PY_EXAMPLE}" RESULT_VARIABLE rc OUTPUT_VARIABLE py_output
                ERROR_VARIABLE py_errors)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cartpole_ctypes.py failed (${rc}):\n${py_output}${py_errors}")
endif()
if(NOT c_output MATCHES "mean return over 10 episodes: [0-9]+\\.[0-9]")
  message(FATAL_ERROR "cartpole.c printed no mean return:\n${c_output}")
endif()
if(NOT c_output STREQUAL py_output)
  message(FATAL_ERROR "the examples disagree:\n--- C\n${c_output}--- Python\n${py_output}")
endif()
message(STATUS "both examples:\n${c_output}")
