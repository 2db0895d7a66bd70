# Test sources of the NATS-Bench / NAS-Bench-201 importer (data_importers/nats)
list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/nats_import_test.cpp)
