# multi_objective algorithm sources: list(APPEND TABNAS_ALGORITHM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>.cpp)
# parego uses the surrogate models (GaussianProcess, expected_improvement) listed in surrogate.cmake.
list(APPEND TABNAS_ALGORITHM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/nsga2.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mo_regularized_evolution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mo_random_search.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parego.cpp)
