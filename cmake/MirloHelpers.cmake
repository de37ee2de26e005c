# Sources are collected per folder so that each module can grow without
# editing a shared list; CONFIGURE_DEPENDS re-globs when files are added.
function(mirlo_glob_sources out)
  set(result)
  foreach(dir IN LISTS ARGN)
    file(GLOB found CONFIGURE_DEPENDS
      ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cpp
      ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.h)
    list(APPEND result ${found})
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# One QtTest executable per tests/**/tst_<module>.cpp, labelled by folder.
function(mirlo_add_qtest source)
  get_filename_component(name ${source} NAME_WE)
  file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR}/tests ${source})
  string(REGEX MATCH "^[^/]+" area ${rel})
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE Qt6::Test ${ARGN})
  target_compile_definitions(${name} PRIVATE
    MIRLO_SHARED_DATA="${MIRLO_SHARED_DATA}"
    MIRLO_TEST_DATA="${CMAKE_SOURCE_DIR}/tests/data"
    MIRLO_CLI_PATH="$<TARGET_FILE:mirlo-cli>")
  add_test(NAME ${name} COMMAND ${name})
  set(labels unit)
  if(area STREQUAL "ui")
    set(labels gui)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT 300
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
  # Tests that play through the (null) sound device measure timing: run them
  # alone so a parallel test's CPU load cannot starve the audio stream.
  if(name MATCHES "playback|click_track")
    set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
  endif()
endfunction()
