# surrogate algorithm sources: list(APPEND TABNAS_ALGORITHM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/<name>.cpp)
list(APPEND TABNAS_ALGORITHM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/bo_gp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/smac_rf.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bananas.cpp
  ${CMAKE_CURRENT_LIST_DIR}/npenas.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../models/observation_archive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../models/arch_encoder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../models/acquisition.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../models/gaussian_process.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../models/random_forest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../models/mlp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../models/mlp_ensemble.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../models/predictor_guided_search.cpp)
