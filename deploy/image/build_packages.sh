#!/bin/sh
# Prints the Debian packages the image's build stage installs: the build half
# of scripts/install_deps.sh's APT_PACKAGES (compiler, CMake, Ninja, protoc and
# every -dev package), without the test, benchmark (C++ and Go), Python and
# style tools, so that a library added there reaches the image with no second
# list to keep in step.
#   build_packages.sh scripts/install_deps.sh
set -eu
sed -n '/^APT_PACKAGES=(/,/^)/p' "$1" | sed 's/#.*//' | tr -s ' ()\t' '\n' |
  grep -E '^(cmake|ninja-build|g\+\+|pkg-config|protobuf-compiler.*|grpc-proto|.*-dev)$' |
  grep -vxE 'libgtest-dev|libgmock-dev|libbenchmark-dev|googletest|golang-go.*|golang-google-.*|golang-goprotobuf.*' |
  sort -u
