# sim/ns3/ns3.cmake: finds ns-3 (Debian's libns3-dev, 3.3x) and builds the
# shim library `altons3` from sim_ns3.cc.  Included by the top-level
# CMakeLists.txt; sets ALTOSPEC_NS3_FOUND.
#
# Debian's ns3*.pc files carry a malformed Cflags ("-I/usr;"), so we look
# for the headers and libraries directly and use pkg-config only for the
# version.  ns-3 headers are SYSTEM includes: they trip -Wextra.
set(ALTOSPEC_NS3_FOUND FALSE)
find_path(NS3_INCLUDE_DIR ns3/core-module.h)
set(_ns3_modules core network internet point-to-point applications
                 traffic-control)
set(_ns3_libs)
set(_ns3_missing)
foreach(m ${_ns3_modules})
  string(MAKE_C_IDENTIFIER "NS3_LIB_${m}" _var)
  # Debian: libns3-core.so; upstream installs: libns3.37-core-default.so.
  find_library(${_var} NAMES ns3-${m} ns3.37-${m}-default ns3.37-${m}-release
                             ns3.37-${m}-optimized ns3.37-${m})
  if(${_var})
    list(APPEND _ns3_libs ${${_var}})
  else()
    list(APPEND _ns3_missing ${m})
  endif()
endforeach()
pkg_check_modules(NS3CORE QUIET ns3-core)

# The shim uses 3.37's API (BulkSend "Local", TrafficControlLayer "TcDrop").
if(NS3CORE_VERSION AND NS3CORE_VERSION VERSION_LESS 3.37)
  list(APPEND _ns3_missing "ns-3 >= 3.37 (found ${NS3CORE_VERSION})")
endif()

if(NS3_INCLUDE_DIR AND NOT _ns3_missing)
  set(ALTOSPEC_NS3_FOUND TRUE)
  set(_ns3_version "${NS3CORE_VERSION}")
  if(NOT _ns3_version)
    set(_ns3_version "unknown")
  endif()
  add_library(altons3 STATIC ${CMAKE_CURRENT_LIST_DIR}/sim_ns3.cc)
  target_include_directories(altons3 SYSTEM PRIVATE ${NS3_INCLUDE_DIR})
  target_include_directories(altons3 PUBLIC ${CMAKE_CURRENT_LIST_DIR})
  target_compile_definitions(altons3 PRIVATE
    SIM_NS3_VERSION="${_ns3_version}")
  target_link_libraries(altons3 PUBLIC ${_ns3_libs})
  # Executables that link the shim are then linked by the C++ driver, which
  # brings libstdc++; altocore and the tests are otherwise plain C.
  set_target_properties(altons3 PROPERTIES LINKER_LANGUAGE CXX)
  message(STATUS "altospec: ns-3 ${_ns3_version} found (${NS3_INCLUDE_DIR})")
else()
  message(STATUS "altospec: ns-3 not found (missing: ${_ns3_missing}); "
                 "the ns3 backend is not built")
endif()
