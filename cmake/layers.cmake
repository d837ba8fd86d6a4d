# statusinfo_forbid_grpc(<target>): fails the configuration when <target>
# can reach a gRPC library through its link dependencies, direct or
# transitive. The core is plain C++ over the generated messages; this makes
# the build say so, rather than a review.
function(_statusinfo_grpc_path item path out)
  set(${out} "" PARENT_SCOPE)
  # $<LINK_ONLY:x> and the like: look at what they wrap.
  string(REGEX REPLACE "^\\$<[A-Z_]+:(.*)>$" "\\1" item "${item}")
  # The ThreadSanitizer build links its annotation shim (which sees gRPC's
  # batches) into every target; it is instrumentation, not a dependency.
  if(item STREQUAL "statusinfo_tsan_annotations")
    return()
  endif()
  if(item MATCHES "^gRPC::" OR item MATCHES "(^|[^a-z])grpc" OR
     item STREQUAL "statusinfo_proto_grpc")
    set(${out} "${path} -> ${item}" PARENT_SCOPE)
    return()
  endif()
  if(NOT TARGET "${item}")
    return()
  endif()
  get_property(seen GLOBAL PROPERTY _STATUSINFO_LAYER_SEEN)
  if("${item}" IN_LIST seen)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY _STATUSINFO_LAYER_SEEN "${item}")
  get_target_property(type ${item} TYPE)
  set(deps)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(direct ${item} LINK_LIBRARIES)
    if(direct)
      list(APPEND deps ${direct})
    endif()
  endif()
  get_target_property(interface ${item} INTERFACE_LINK_LIBRARIES)
  if(interface)
    list(APPEND deps ${interface})
  endif()
  foreach(dep IN LISTS deps)
    _statusinfo_grpc_path("${dep}" "${path} -> ${item}" found)
    if(found)
      set(${out} "${found}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

function(statusinfo_forbid_grpc target)
  set_property(GLOBAL PROPERTY _STATUSINFO_LAYER_SEEN "")
  _statusinfo_grpc_path("${target}" "" found)
  if(found)
    message(FATAL_ERROR "${target} must not link gRPC, but it does:${found}\n"
                        "The core links statusinfo_proto_messages, never "
                        "statusinfo_proto_grpc (proto/CMakeLists.txt).")
  endif()
endfunction()
