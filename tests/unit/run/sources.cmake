# Test sources of component run (runner, experiment spec, results, cost model)
list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/cost_model_test.cpp)
list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/progress_store_test.cpp)
list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/execute_all_test.cpp)
