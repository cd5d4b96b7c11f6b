# Finds Nova's external dependencies, all from the distribution's packages (scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CURL REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(Boost 1.74 REQUIRED)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)

# libclang's C API: the newest LLVM Debian 12 offers (22 from bookworm-security, 19 from main), then
# the older ones; CI also builds against LLVM 16.
set(_nova_llvm_hints ${NOVA_LLVM_ROOT} /usr/lib/llvm-22 /usr/lib/llvm-19 /usr/lib/llvm-16 /usr/lib/llvm-15
  /usr/lib/llvm-14)
find_path(NOVA_LIBCLANG_INCLUDE_DIR clang-c/Index.h
  PATHS ${_nova_llvm_hints} PATH_SUFFIXES include NO_DEFAULT_PATH)
find_library(NOVA_LIBCLANG_LIBRARY NAMES clang libclang
  PATHS ${_nova_llvm_hints} PATH_SUFFIXES lib NO_DEFAULT_PATH)
if(NOT NOVA_LIBCLANG_INCLUDE_DIR OR NOT NOVA_LIBCLANG_LIBRARY)
  message(FATAL_ERROR "libclang not found: run scripts/install-deps.sh or set NOVA_LLVM_ROOT")
endif()
get_filename_component(NOVA_LLVM_PREFIX "${NOVA_LIBCLANG_INCLUDE_DIR}" DIRECTORY)
# clang's builtin headers (<stddef.h>, <stdarg.h>) live in the resource directory of the same LLVM.
file(GLOB _nova_resource_dirs LIST_DIRECTORIES true "${NOVA_LLVM_PREFIX}/lib/clang/*")
list(SORT _nova_resource_dirs COMPARE NATURAL ORDER DESCENDING)
list(GET _nova_resource_dirs 0 NOVA_CLANG_RESOURCE_DIR)
if(NOT EXISTS "${NOVA_CLANG_RESOURCE_DIR}/include/stddef.h")
  message(FATAL_ERROR "clang resource directory without stddef.h: ${NOVA_CLANG_RESOURCE_DIR}")
endif()
add_library(nova_libclang INTERFACE)
target_include_directories(nova_libclang SYSTEM INTERFACE ${NOVA_LIBCLANG_INCLUDE_DIR})
target_link_libraries(nova_libclang INTERFACE ${NOVA_LIBCLANG_LIBRARY})
target_compile_definitions(nova_libclang INTERFACE NOVA_CLANG_RESOURCE_DIR="${NOVA_CLANG_RESOURCE_DIR}")
message(STATUS "Nova: libclang ${NOVA_LIBCLANG_LIBRARY}, resource dir ${NOVA_CLANG_RESOURCE_DIR}")
