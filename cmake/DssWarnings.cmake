# One warning set for every target of the project.
function(dss_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
        -Wpointer-arith -Wcast-qual -Wwrite-strings -Wvla -Wformat=2
        -Wno-missing-field-initializers)
    if(DSS_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
