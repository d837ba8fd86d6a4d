// Certificates for the TLS tests, made at test time by the openssl command
// (nothing secret is checked in, and nothing expires in the repository).
//
// Example:
//
//   absl::StatusOr<TestCerts> certs = TestCerts::Generate();
//   ASSERT_TRUE(certs.ok()) << certs.status();
//   config.tls.cert_file = certs->server_cert;
//   grpc::SslCredentialsOptions options;
//   options.pem_root_certs = ReadFile(certs->ca_cert);
#ifndef STATUSINFO_TESTS_SERVER_TEST_CERTS_H_
#define STATUSINFO_TESTS_SERVER_TEST_CERTS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "gtest/gtest.h"
#include "tests/support/files.h"

namespace statusinfo::testing {

// File paths of a CA, a server certificate for "localhost" and 127.0.0.1
// that it signed, a client certificate it signed, and a second CA with a
// client certificate of its own (which the first CA must not accept).
struct TestCerts {
  std::string ca_cert;
  std::string server_cert;
  std::string server_key;
  std::string client_cert;
  std::string client_key;
  std::string other_ca_cert;
  std::string other_client_cert;
  std::string other_client_key;
  // The directory of the files above; removed with the last copy of this
  // TestCerts.
  std::shared_ptr<const TempDir> dir;

  // Generates a fresh set in a new TempDir.
  static absl::StatusOr<TestCerts> Generate();
};

// A test suite whose tests share one set of certificates, generated before
// its first test: openssl takes a while, and the tests only read them.
class TestCertsSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static const TestCerts* certs_;
};

// A TLS channel to 127.0.0.1:`port` that trusts `ca_file` and checks the
// server's name against "localhost"; presents the client certificate when
// `cert_file` is not empty.
std::shared_ptr<grpc::Channel> TlsChannel(int port, const std::string& ca_file,
                                          const std::string& cert_file = "",
                                          const std::string& key_file = "");

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SERVER_TEST_CERTS_H_
