// statusinfo-server: flags and wiring only.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "service/core/catalog_loader.h"
#include "service/server/flags_from_env.h"
#include "service/server/server.h"

ABSL_FLAG(std::string, address, "0.0.0.0:50051",
          "Address to listen on, host:port. Port 0 picks a free port; the "
          "port bound is logged at start-up.");
ABSL_FLAG(std::string, catalog_file, "",
          "A text-format statusinfo.v1.StatusCatalog whose entries are merged "
          "over the built-in catalog (an entry replaces the built-in one with "
          "the same code). Empty: the built-in catalog only.");
ABSL_FLAG(absl::Duration, shutdown_timeout, absl::Seconds(10),
          "On SIGTERM or SIGINT, how long calls in flight may take to finish "
          "before they are cancelled.");

namespace {

// Blocks the shutdown signals in every thread (gRPC's threads inherit the
// mask), so that main can wait for them with sigwait.
sigset_t BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Serves statusinfo.v1.StatusInfoService. Every flag can also be set "
      "through the environment as STATUSINFO_<FLAG NAME IN UPPER CASE>; the "
      "command line wins.");
  if (absl::Status s = statusinfo::server::SetFlagsFromEnvironment(
          "STATUSINFO_", "service/main.cc");
      !s.ok()) {
    std::cerr << "statusinfo-server: " << s.message() << "\n";
    return 2;
  }
  absl::ParseCommandLine(argc, argv);
  const sigset_t signals = BlockShutdownSignals();

  absl::StatusOr<statusinfo::core::Catalog> catalog =
      statusinfo::core::LoadCatalog(absl::GetFlag(FLAGS_catalog_file));
  if (!catalog.ok()) {
    std::cerr << "statusinfo-server: catalog_file: " << catalog.status().message()
              << "\n";
    return 2;
  }
  const std::string version = catalog->version();
  const size_t entries = catalog->entries().size();
  statusinfo::server::ServerOptions options;
  options.address = absl::GetFlag(FLAGS_address);
  auto server =
      statusinfo::server::StatusInfoServer::Start(*std::move(catalog), options);
  if (!server.ok()) {
    std::cerr << "statusinfo-server: " << server.status().message() << "\n";
    return 2;
  }
  std::cerr << "statusinfo-server: serving on port " << (*server)->port()
            << " (address " << options.address << ", catalog " << version
            << ", " << entries << " HTTP entries)" << std::endl;

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::cerr << "statusinfo-server: " << strsignal(signal_number)
            << ", shutting down" << std::endl;
  (*server)->SetServing(false);
  (*server)->Shutdown(absl::GetFlag(FLAGS_shutdown_timeout));
  return 0;
}
