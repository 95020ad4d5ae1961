# The same scenario and seed with --threads 1 and --threads 2 must give
# byte-identical outcomes.csv and summary.csv.
file(REMOVE_RECURSE ${WORK})
foreach(threads 1 2)
  execute_process(COMMAND ${PARLEY} run ${SCENARIO} --replicates 700 --seed 11 --threads ${threads}
                          --out ${WORK}/t${threads} --quiet
    RESULT_VARIABLE code ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "parley run --threads ${threads} failed (${code}): ${err}")
  endif()
endforeach()
foreach(name outcomes.csv summary.csv)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/t1/${name} ${WORK}/t2/${name}
    RESULT_VARIABLE different)
  if(different)
    message(FATAL_ERROR "${name} differs between --threads 1 and --threads 2")
  endif()
endforeach()
file(SIZE ${WORK}/t1/outcomes.csv size)
if(size LESS 1000)
  message(FATAL_ERROR "outcomes.csv is suspiciously small (${size} bytes)")
endif()
