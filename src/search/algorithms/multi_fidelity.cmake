# multi_fidelity algorithm sources: list(APPEND TABNAS_ALGORITHM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>.cpp)
list(APPEND TABNAS_ALGORITHM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/detail/ladder_schedule.cpp
  ${CMAKE_CURRENT_LIST_DIR}/detail/bracket_scheduler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/detail/categorical_kde.cpp
  ${CMAKE_CURRENT_LIST_DIR}/successive_halving.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hyperband.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bohb.cpp
  ${CMAKE_CURRENT_LIST_DIR}/asha.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dehb.cpp)
