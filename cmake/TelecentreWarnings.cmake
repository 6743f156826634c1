# One place sets the warnings of our own targets; third-party headers come in as SYSTEM.
function(telecentre_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wformat=2
    -Wimplicit-fallthrough)
  if(TELECENTRE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
