# model_free algorithm sources: list(APPEND TABNAS_ALGORITHM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>.cpp)
list(APPEND TABNAS_ALGORITHM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/hill_climbing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulated_annealing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/genetic_algorithm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reinforce.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pbil.cpp
  ${CMAKE_CURRENT_LIST_DIR}/differential_evolution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tpe.cpp)
