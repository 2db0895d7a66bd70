# surrogate algorithm tests: list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>_test.cpp)
list(APPEND TABNAS_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/gaussian_process_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/random_forest_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mlp_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bo_gp_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/smac_rf_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bananas_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/npenas_test.cpp)
