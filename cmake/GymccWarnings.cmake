# Warnings are set per target, never globally, so that consumers of the
# installed targets are not forced into our warning level.
function(gymcc_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wconversion -Wshadow
    # Designated initialisers (EnvSpec{.id = ...}) leave the rest defaulted on purpose.
    -Wno-missing-field-initializers)
  if(GYMCC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Environment physics must round exactly as CPython + numpy + glibc do:
# no FMA contraction, and no SLP vectorisation (g++ 12 drops float rounding
# in `{(float)a, (float)b}` initialisers under it). PUBLIC, because env code
# lives in headers and is compiled in every consumer's translation units.
function(gymcc_set_exact_fp target)
  target_compile_options(${target} PUBLIC -ffp-contract=off -fno-tree-slp-vectorize)
endfunction()
