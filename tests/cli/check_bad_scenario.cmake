# Runs `parley validate` and `parley run` on one bad scenario and checks:
#  - the exit code and the exact first line of stderr given in NAME.expected
#    (line 1: exit code, line 2: the expected message, with <FILE> for the path);
#  - that `run` leaves no output folder and no partial folder behind.
get_filename_component(dir ${SCENARIO} DIRECTORY)
get_filename_component(name ${SCENARIO} NAME_WE)
get_filename_component(file ${SCENARIO} NAME)
# Read as one string: the message may hold `[` or `;`, which CMake lists mangle.
file(READ ${dir}/${name}.expected expected)
string(REGEX MATCH "^[0-9]+" expected_code "${expected}")
string(REGEX REPLACE "^[0-9]+\n([^\n]*)\n?.*$" "\\1" expected_message "${expected}")
string(REPLACE "<FILE>" "${file}" expected_message "${expected_message}")

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
foreach(command validate run)
  if(command STREQUAL "run")
    set(extra --out ${WORK}/out --replicates 10)
  else()
    set(extra)
  endif()
  execute_process(COMMAND ${PARLEY} ${command} ${file} ${extra}
    WORKING_DIRECTORY ${dir}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "parley ${command} ${file}: exit code ${code}, expected ${expected_code}\nstderr: ${err}")
  endif()
  string(REGEX REPLACE "\n.*" "" first_line "${err}")
  if(NOT first_line STREQUAL "error: ${expected_message}")
    message(FATAL_ERROR "parley ${command} ${file}: stderr\n  ${first_line}\nexpected\n  error: ${expected_message}")
  endif()
endforeach()
file(GLOB leftovers ${WORK}/* ${WORK}/.*)
if(leftovers)
  message(FATAL_ERROR "a failed run left files behind: ${leftovers}")
endif()
