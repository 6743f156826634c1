# One place sets the warnings of our own targets; third-party headers come in as SYSTEM.
function(telecentre_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wformat=2
    -Wimplicit-fallthrough)
  # GCC 12 at -O2/-O3 reports std::string copies as overlapping memcpy (GCC bug 105329), in
  # code that is correct; the check is kept for newer compilers.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(TELECENTRE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
