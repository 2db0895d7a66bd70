# Interface targets that every tabnas target links: warnings and floating-point rules.
add_library(tabnas_warnings INTERFACE)
target_compile_options(tabnas_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
# GCC 12 reports false -Wrestrict positives inside std::string concatenation (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(tabnas_warnings INTERFACE -Wno-restrict)
endif()
if(TABNAS_WERROR)
  target_compile_options(tabnas_warnings INTERFACE -Werror)
endif()

# Reproducibility rule 5 (DESIGN.md): no contraction into FMA, no fast-math, no -march=native.
add_library(tabnas_fp INTERFACE)
target_compile_options(tabnas_fp INTERFACE -ffp-contract=off -fno-fast-math)
