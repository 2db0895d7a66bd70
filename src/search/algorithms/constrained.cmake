# constrained algorithm sources: list(APPEND TABNAS_ALGORITHM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>.cpp)
list(APPEND TABNAS_ALGORITHM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/constrained_random_search.cpp
  ${CMAKE_CURRENT_LIST_DIR}/constrained_evolution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lagrangian_search.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mnas_reward.cpp)
