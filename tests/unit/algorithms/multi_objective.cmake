# multi_objective algorithm tests: list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>_test.cpp)
# (the multi-objective conformance cases live in mf_mo_conformance_test.cpp, listed in
# multi_fidelity.cmake)
list(APPEND TABNAS_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/nsga2_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mo_regularized_evolution_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mo_random_search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parego_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/true_front_test.cpp)
