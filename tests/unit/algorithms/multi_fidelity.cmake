# multi_fidelity algorithm tests: list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>_test.cpp)
list(APPEND TABNAS_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/successive_halving_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hyperband_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bohb_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/asha_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dehb_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mf_mo_conformance_test.cpp)
