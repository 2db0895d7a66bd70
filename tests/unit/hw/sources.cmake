# hardware tests
list(APPEND TABNAS_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/hw_import_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hw_import_errors_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hw_pickle_import_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hwnas_bench_import_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hw_predictor_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hw_predict_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/measure_latency_test.cpp)
