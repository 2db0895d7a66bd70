# constrained algorithm tests: list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>_test.cpp)
list(APPEND TABNAS_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/constrained_random_search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/constrained_evolution_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lagrangian_search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mnas_reward_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/constrained_conformance_test.cpp)
