# Writes the version header (generated/tabnas/version.hpp) with the source tree's git commit.
# Run at BUILD time by the tabnas_version target (src/CMakeLists.txt), so the commit recorded in
# manifests and in the identity of resumable runs is never stale; configure_file rewrites the
# header only when its content changes, so an unchanged commit recompiles nothing.
# Inputs: -DSOURCE_DIR=... -DVERSION=... -DTEMPLATE=... -DOUTPUT=...
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY "${SOURCE_DIR}"
                OUTPUT_VARIABLE TABNAS_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE rev_result ERROR_QUIET)
if(NOT rev_result EQUAL 0 OR NOT TABNAS_GIT_COMMIT)
  set(TABNAS_GIT_COMMIT "unknown")
else()
  # Tracked files that differ from the commit: the build is not that commit's code.
  execute_process(COMMAND git status --porcelain --untracked-files=no
                  WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE changes
                  RESULT_VARIABLE status_result ERROR_QUIET)
  if(status_result EQUAL 0 AND NOT changes STREQUAL "")
    string(APPEND TABNAS_GIT_COMMIT "-dirty")
  endif()
endif()
set(PROJECT_VERSION "${VERSION}")
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
