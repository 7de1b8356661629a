# Regenerates the hostile-input table (test_hostile --markdown) and
# compares it with the committed docs/HOSTILE_INPUT.md.
execute_process(COMMAND ${BIN} --markdown OUTPUT_FILE ${OUT}
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "test_hostile --markdown failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${DOC}
    RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
    execute_process(COMMAND diff -u ${DOC} ${OUT})
    message(FATAL_ERROR "docs/HOSTILE_INPUT.md is out of date: "
        "regenerate it with `test_hostile --markdown > docs/HOSTILE_INPUT.md`")
endif()
