# Installs the build into a scratch prefix, then compiles and runs the C
# example against the installed gymcc_c.h and libgymcc_c alone.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed")
endif()
foreach(file "${INCLUDEDIR}/gymcc_c.h" "${LIBDIR}/libgymcc_c.so")
  if(NOT EXISTS "${prefix}/${file}")
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()
set(flags)
if(SANITIZE)
  set(flags -fsanitize=address,undefined)
endif()
execute_process(COMMAND "${C_COMPILER}" -std=c99 ${flags} "${EXAMPLE}" "-I${prefix}/${INCLUDEDIR}"
                        "-L${prefix}/${LIBDIR}" -lgymcc_c "-Wl,-rpath,${prefix}/${LIBDIR}"
                        -o "${WORK_DIR}/cartpole"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compiling the example against the installed package failed")
endif()
execute_process(COMMAND "${WORK_DIR}/cartpole" RESULT_VARIABLE rc OUTPUT_VARIABLE output)
if(NOT rc EQUAL 0 OR NOT output MATCHES "mean return over 10 episodes")
  message(FATAL_ERROR "the example against the installed package failed (${rc}):\n${output}")
endif()
