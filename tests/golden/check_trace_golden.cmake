# Pinned trace: runs `parley trace SCENARIO --seed 1` (replicate 0) in one
# format (text: the narration, --no-color; jsonl: the JSON lines) into WORK and
# compares the file byte for byte with the checked-in EXPECTED file. The trace
# holds no paths, times, thread counts or versions, so nothing is normalised.
# Regenerate with tools/regenerate_golden.sh and read the diff before committing.
#   cmake -DPARLEY=… -DSCENARIO=….toml -DFORMAT=text|jsonl -DEXPECTED=… -DWORK=… -P check_trace_golden.cmake
foreach(var PARLEY SCENARIO FORMAT EXPECTED WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_trace_golden.cmake: -D${var}=… is missing")
  endif()
endforeach()
if(NOT EXISTS ${EXPECTED})
  message(FATAL_ERROR "no golden file ${EXPECTED}: run tools/regenerate_golden.sh")
endif()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
get_filename_component(name ${EXPECTED} NAME)
set(actual ${WORK}/${name})
set(args trace ${SCENARIO} --seed 1 --format ${FORMAT} --out ${actual})
if(FORMAT STREQUAL "text")
  list(APPEND args --no-color)
endif()
execute_process(COMMAND ${PARLEY} ${args}
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "parley ${args} failed (${code}): ${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${EXPECTED} ${actual}
  RESULT_VARIABLE different)
if(different)
  # The first 200 lines of the diff, printed as they are (message() would rewrap
  # them); the whole new trace stays in WORK.
  execute_process(COMMAND diff -u --label "golden ${EXPECTED}" --label "new ${actual}"
                          ${EXPECTED} ${actual}
                  COMMAND head -n 200)
  message(FATAL_ERROR "the ${FORMAT} trace of ${SCENARIO} (--seed 1) differs from the golden "
    "file ${EXPECTED} (diff above; new trace: ${actual}). If the change is intended, "
    "regenerate with tools/regenerate_golden.sh and explain the diff in the commit.")
endif()
