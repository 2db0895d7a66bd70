# Test sources of component pickle (data_importers/pickle and data_importers/container)
list(APPEND TABNAS_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/pickle_test_support.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pickle_opcode_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pickle_hostile_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pickle_property_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pickle_real_data_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pickle_fixture_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pickle_stream_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/value_json_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/container_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fuzz_regression_test.cpp)
  list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/pandas_import_test.cpp)
