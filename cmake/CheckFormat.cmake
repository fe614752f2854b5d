# Fails if any C++ file in the repository differs from .clang-format's style.
find_program(CLANG_FORMAT NAMES clang-format-14 clang-format REQUIRED)
file(GLOB_RECURSE sources
  "${SOURCE_DIR}/libenv/*.hpp" "${SOURCE_DIR}/libenv/*.cpp"
  "${SOURCE_DIR}/envs/*.hpp" "${SOURCE_DIR}/envs/*.cpp"
  "${SOURCE_DIR}/server/*.hpp" "${SOURCE_DIR}/server/*.cpp"
  "${SOURCE_DIR}/benchmarks/*.hpp" "${SOURCE_DIR}/benchmarks/*.cpp"
  "${SOURCE_DIR}/tests/*.hpp" "${SOURCE_DIR}/tests/*.cpp"
  "${SOURCE_DIR}/bindings/*.hpp" "${SOURCE_DIR}/bindings/*.cpp"
  "${SOURCE_DIR}/bindings/*.h" "${SOURCE_DIR}/bindings/*.c")
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources}
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "clang-format: files above need formatting (run scripts/format.sh)")
endif()
list(LENGTH sources count)
message(STATUS "clang-format: ${count} files clean")
