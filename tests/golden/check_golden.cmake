# Runs a small scenario and compares summary.csv and outcomes.csv byte for byte
# with the checked-in files. Regenerate with tools/regenerate_golden.sh and read
# the diff before committing.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${PARLEY} run ${SCENARIO} --threads 2 --out ${WORK} --quiet
  RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "parley run failed (${code}): ${err}")
endif()
foreach(name summary.csv outcomes.csv)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${EXPECTED_DIR}/${name} ${WORK}/${name}
    RESULT_VARIABLE different)
  if(different)
    execute_process(COMMAND diff -u ${EXPECTED_DIR}/${name} ${WORK}/${name} OUTPUT_VARIABLE diff)
    message(FATAL_ERROR "${name} differs from the golden file:\n${diff}")
  endif()
endforeach()
