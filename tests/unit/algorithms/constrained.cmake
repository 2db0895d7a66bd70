# constrained algorithm tests: list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>_test.cpp)
