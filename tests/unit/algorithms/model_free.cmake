# model_free algorithm tests: list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>_test.cpp)
list(APPEND TABNAS_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/hill_climbing_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulated_annealing_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/genetic_algorithm_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reinforce_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pbil_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/differential_evolution_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tpe_test.cpp)
