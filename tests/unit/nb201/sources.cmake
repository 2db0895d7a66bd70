# Test sources of component nb201
list(APPEND TABNAS_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/nb201_cell_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/nb201_space_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/nb201_canonicalizer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/nb201_path_encoder_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/nb201_network_cost_test.cpp)
