# report/export tests (issue 6): statistics, anytime curves, export files, CLI + notebook.
list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/report_stats_test.cpp)
list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/report_anytime_test.cpp)
list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/report_export_test.cpp)
list(APPEND TABNAS_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/report_cli_test.cpp)
