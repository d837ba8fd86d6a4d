// End-to-end: the built statusinfo-server binary as a process, queried over
// server reflection alone by buf curl (a client nobody here wrote) and by
// the statusinfo CLI.
#include <csignal>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "statusinfo/v1/status_info_service.pb.h"
#include "tests/e2e/server_process.h"
#include "tests/e2e/subprocess.h"
#include "tests/support/files.h"

namespace statusinfo::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class ServerE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_GT(server_->port(), 0) << "server did not start";
  }

  // buf curl over reflection: no .proto files on this side.
  static CommandResult BufCurl(const std::string& method,
                               const std::string& json) {
    return RunCommand(
        {BUF_BINARY, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
         "-d", json, absl::StrCat("http://", server_->target(), "/", method)});
  }

  static CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(),
                {STATUSINFO_CLI_BINARY, "--target=" + server_->target()});
    return RunCommand(args);
  }

  static ServerProcess* server_;
};

ServerProcess* ServerE2eTest::server_ = nullptr;

template <typename T>
T FromJson(const std::string& json) {
  T message;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &message).ok())
      << json;
  return message;
}

TEST_F(ServerE2eTest, HealthCheckAnswersThroughReflection) {
  for (const std::string service : {"", "statusinfo.v1.StatusInfoService"}) {
    CommandResult r = BufCurl("grpc.health.v1.Health/Check",
                              absl::StrCat("{\"service\":\"", service, "\"}"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("\"status\": \"SERVING\""));
  }
}

TEST_F(ServerE2eTest, ReflectionListsTheServices) {
  // buf curl tries reflection v1 first, then v1alpha.
  CommandResult r = RunCommand({BUF_BINARY, "curl", "--protocol", "grpc",
                                "--http2-prior-knowledge", "--list-services",
                                absl::StrCat("http://", server_->target())});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("statusinfo.v1.StatusInfoService\n"));
  EXPECT_THAT(r.out, HasSubstr("grpc.health.v1.Health\n"));
  EXPECT_THAT(r.out, HasSubstr("grpc.reflection.v1.ServerReflection\n"));
  EXPECT_THAT(r.out, HasSubstr("grpc.reflection.v1alpha.ServerReflection\n"));
}

TEST_F(ServerE2eTest, EachReflectionVersionAloneServesACall) {
  for (const std::string version : {"grpc-v1", "grpc-v1alpha"}) {
    CommandResult r = RunCommand(
        {BUF_BINARY, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
         "--reflect-protocol", version, "-d", "{\"code\":404}",
         absl::StrCat("http://", server_->target(),
                      "/statusinfo.v1.StatusInfoService/GetStatusCode")});
    ASSERT_EQ(r.exit_code, 0) << version << ": " << r.err;
    EXPECT_EQ(FromJson<v1::StatusCode>(r.out).reason_phrase(), "Not Found")
        << version;
  }
}

TEST_F(ServerE2eTest, EveryRegisteredCodeHasItsRegistryPhrase) {
  absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
  ASSERT_TRUE(catalog.ok());
  int checked = 0;
  for (const v1::StatusCode* entry : catalog->entries()) {
    if (entry->registry_status() == v1::REGISTRY_STATUS_UNOFFICIAL) continue;
    CommandResult r = BufCurl("statusinfo.v1.StatusInfoService/GetStatusCode",
                              absl::StrCat("{\"code\":", entry->code(), "}"));
    ASSERT_EQ(r.exit_code, 0) << entry->code() << ": " << r.err;
    v1::StatusCode got = FromJson<v1::StatusCode>(r.out);
    EXPECT_EQ(got.code(), entry->code());
    EXPECT_EQ(got.reason_phrase(), entry->reason_phrase()) << entry->code();
    ++checked;
  }
  EXPECT_GT(checked, 60);
}

TEST_F(ServerE2eTest, ErrorsCarryTheRightCodes) {
  CommandResult unassigned = BufCurl(
      "statusinfo.v1.StatusInfoService/GetStatusCode", "{\"code\":299}");
  EXPECT_NE(unassigned.exit_code, 0);
  EXPECT_THAT(unassigned.err, HasSubstr("not_found"));
  for (const char* code : {"42", "600"}) {
    CommandResult r = BufCurl("statusinfo.v1.StatusInfoService/GetStatusCode",
                              absl::StrCat("{\"code\":", code, "}"));
    EXPECT_NE(r.exit_code, 0) << code;
    EXPECT_THAT(r.err, HasSubstr("invalid_argument")) << code;
    EXPECT_THAT(r.err, HasSubstr("google.rpc.BadRequest")) << code;
  }
}

TEST_F(ServerE2eTest, ValidateStatusCodeTellsKindsApart) {
  const struct {
    int code;
    bool valid;
    const char* registry_status;  // as JSON names it; "" when unset
  } kCases[] = {{299, true, ""},
                {306, true, "REGISTRY_STATUS_UNUSED"},
                {418, true, "REGISTRY_STATUS_UNUSED"},
                {499, true, "REGISTRY_STATUS_UNOFFICIAL"},
                {600, false, ""},
                {200, true, "REGISTRY_STATUS_REGISTERED"}};
  for (const auto& c : kCases) {
    CommandResult r =
        BufCurl("statusinfo.v1.StatusInfoService/ValidateStatusCode",
                absl::StrCat("{\"code\":", c.code, "}"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto response = FromJson<v1::ValidateStatusCodeResponse>(r.out);
    EXPECT_EQ(response.valid(), c.valid) << c.code;
    EXPECT_EQ(
        v1::RegistryStatus_Name(response.registry_status()),
        *c.registry_status ? c.registry_status : "REGISTRY_STATUS_UNSPECIFIED")
        << c.code;
  }
  auto unassigned = FromJson<v1::ValidateStatusCodeResponse>(
      BufCurl("statusinfo.v1.StatusInfoService/ValidateStatusCode",
              "{\"code\":299}")
          .out);
  EXPECT_EQ(unassigned.treat_as_code(), 200);
}

TEST_F(ServerE2eTest, CliGetPrintsForPeopleAndJson) {
  CommandResult r = Cli({"get", "413"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("413 Content Too Large"));
  CommandResult json = Cli({"--json", "get", "404"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(FromJson<v1::StatusCode>(json.out).reason_phrase(), "Not Found");
}

TEST_F(ServerE2eTest, CliFailsWithOneLine) {
  CommandResult r = Cli({"get", "42"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("code"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(ServerProcessTest, SigtermExitsZero) {
  ServerProcess server;
  ASSERT_GT(server.port(), 0);
  server.process().Signal(SIGTERM);
  EXPECT_EQ(server.process().Wait(absl::Seconds(20)), 0);
}

TEST(ServerProcessTest, SigintExitsZero) {
  ServerProcess server;
  ASSERT_GT(server.port(), 0);
  server.process().Signal(SIGINT);
  EXPECT_EQ(server.process().Wait(absl::Seconds(20)), 0);
}

TEST(ServerProcessTest, BadCatalogFileStopsStartUp) {
  TempDir dir;
  const std::string path =
      dir.Write("bad_catalog.textproto",
                "status_codes {\n  code: 299\n  reason_phrase: 7x\n}\n");
  CommandResult r =
      RunCommand({STATUSINFO_SERVER_BINARY, "--address=127.0.0.1:0",
                  "--catalog_file=" + path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr(path + ":3:"));
}

TEST(ServerProcessTest, CliReportsAServerThatIsDown) {
  // Port 1 on loopback: nothing of ours listens there.
  CommandResult r = RunCommand({STATUSINFO_CLI_BINARY, "--target=127.0.0.1:1",
                                "--timeout=2s", "get", "200"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(r.err.empty());
}

TEST(CliProcessTest, HelpPrintsOnlyOurHelp) {
  for (const char* flag : {"--help", "-help", "--helpshort"}) {
    SCOPED_TRACE(flag);
    CommandResult r = RunCommand({STATUSINFO_CLI_BINARY, flag});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_THAT(r.out, StartsWith("statusinfo: looks up"));
    EXPECT_THAT(r.out, HasSubstr("\nSubcommands:\n  get CODE..."));
    // The options the README names, each with its default and help.
    for (const char* name : {"target", "timeout", "json", "tls", "ca_file",
                             "cert_file", "key_file", "request_header"}) {
      EXPECT_THAT(r.out, HasSubstr(absl::StrCat("\n  --", name, "=")));
    }
    EXPECT_THAT(r.out, HasSubstr("\n  --target=\"127.0.0.1:50051\"\n      the "
                                 "statusinfo server"));
    // Nothing of abseil's: no verdict on its file filter, no flags of its
    // own, no pointer to --helpfull.
    EXPECT_THAT(r.out, Not(HasSubstr("No flags matched")));
    EXPECT_THAT(r.out, Not(HasSubstr("--flagfile")));
    EXPECT_THAT(r.out, Not(HasSubstr("helpfull")));
  }
}

}  // namespace
}  // namespace statusinfo::testing
