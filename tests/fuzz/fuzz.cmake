# tests/fuzz: libFuzzer targets (fuzz_<name>.c, listed in fuzz_list.h).
#
# -DALTOSPEC_FUZZ=ON (clang only): every file of the build is instrumented
# (-fsanitize=fuzzer-no-link,address,undefined, set in CMakeLists.txt) and
# each target becomes an executable fuzz_<name> linked with libFuzzer;
# ci/fuzz builds and runs them.  Every other build compiles the same
# targets into one plain driver, fuzz_replay (fuzz_main.c).  In both,
# ctest replays tests/fuzz/regress/<name>/ (the crashers found and fixed)
# as fuzz_regress_<name>, for each target that has one.
file(STRINGS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_list.h FUZZ_LINES REGEX "^T\\([a-z0-9_]+\\)$")
set(ALTOSPEC_FUZZ_TARGETS "")
foreach(line ${FUZZ_LINES})
  string(REGEX REPLACE "^T\\(([a-z0-9_]+)\\)$" "\\1" t "${line}")
  list(APPEND ALTOSPEC_FUZZ_TARGETS ${t})
endforeach()

set(FUZZ_DIR ${CMAKE_SOURCE_DIR}/tests/fuzz)
if(ALTOSPEC_FUZZ)
  foreach(t ${ALTOSPEC_FUZZ_TARGETS})
    add_executable(fuzz_${t} ${FUZZ_DIR}/fuzz_${t}.c)
    target_link_libraries(fuzz_${t} PRIVATE altocore)
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    target_compile_definitions(fuzz_${t} PRIVATE ALTOSPEC_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
    # libFuzzer runs file arguments once each (a folder would be fuzzed).
    file(GLOB regress CONFIGURE_DEPENDS ${FUZZ_DIR}/regress/${t}/*)
    if(regress)
      add_test(NAME fuzz_regress_${t} COMMAND fuzz_${t} ${regress})
    endif()
  endforeach()
else()
  set(FUZZ_SOURCES ${FUZZ_DIR}/fuzz_main.c)
  foreach(t ${ALTOSPEC_FUZZ_TARGETS})
    list(APPEND FUZZ_SOURCES ${FUZZ_DIR}/fuzz_${t}.c)
    set_source_files_properties(${FUZZ_DIR}/fuzz_${t}.c PROPERTIES
      COMPILE_DEFINITIONS "LLVMFuzzerTestOneInput=fuzz_${t}_one")
  endforeach()
  add_executable(fuzz_replay ${FUZZ_SOURCES})
  target_link_libraries(fuzz_replay PRIVATE altocore)
  target_compile_definitions(fuzz_replay PRIVATE ALTOSPEC_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  foreach(t ${ALTOSPEC_FUZZ_TARGETS})
    file(GLOB regress CONFIGURE_DEPENDS ${FUZZ_DIR}/regress/${t}/*)
    if(regress)
      add_test(NAME fuzz_regress_${t} COMMAND fuzz_replay ${t} ${FUZZ_DIR}/regress/${t})
    endif()
  endforeach()
endif()
