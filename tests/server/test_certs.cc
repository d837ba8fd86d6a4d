#include "tests/server/test_certs.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/e2e/subprocess.h"

namespace statusinfo::testing {
namespace {

// Our own openssl configuration, so that the system's defaults (which add
// or omit extensions) do not matter.
constexpr char kOpensslConfig[] = R"(
[req]
distinguished_name = dn
prompt = no
[dn]
CN = statusinfo test
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
)";

class Openssl {
 public:
  explicit Openssl(std::string dir) : dir_(std::move(dir)) {}

  std::string Path(const std::string& name) const {
    return absl::StrCat(dir_, "/", name);
  }

  absl::Status Run(std::vector<std::string> args) const {
    args.insert(args.begin(), "openssl");
    CommandResult r = RunCommand(args, "", absl::Seconds(60));
    if (r.exit_code == 0) return absl::OkStatus();
    return absl::InternalError(
        absl::StrCat(args[1], " ", args[2], " failed: ", r.err));
  }

  // A self-signed CA certificate and its key: <name>.pem, <name>.key.
  absl::Status MakeCa(const std::string& name) const {
    return Run({"req", "-config", Path("openssl.cnf"), "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                Path(name + ".key"), "-out", Path(name + ".pem"), "-days", "2",
                "-subj", "/CN=" + name, "-extensions", "ca_ext"});
  }

  // A certificate for `cn` signed by the CA `ca`, with the extensions of
  // config section `ext`.
  absl::Status MakeLeaf(const std::string& name, const std::string& cn,
                        const std::string& ca, const std::string& ext) const {
    absl::Status s = Run({"req", "-config", Path("openssl.cnf"), "-newkey",
                          "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                          "-nodes", "-keyout", Path(name + ".key"), "-out",
                          Path(name + ".csr"), "-subj", "/CN=" + cn});
    if (!s.ok()) return s;
    return Run({"x509", "-req", "-in", Path(name + ".csr"), "-CA",
                Path(ca + ".pem"), "-CAkey", Path(ca + ".key"), "-set_serial",
                std::to_string(++serial_), "-out", Path(name + ".pem"), "-days",
                "2", "-extfile", Path("openssl.cnf"), "-extensions", ext});
  }

 private:
  std::string dir_;
  mutable int serial_ = 1000;
};

}  // namespace

absl::StatusOr<TestCerts> TestCerts::Generate() {
  auto dir = std::make_shared<const TempDir>();
  if (dir->path().empty()) {
    return absl::InternalError("no directory for the certificates");
  }
  Openssl openssl(dir->path());
  dir->Write("openssl.cnf", kOpensslConfig);
  for (absl::Status s :
       {openssl.MakeCa("ca"), openssl.MakeCa("other_ca"),
        openssl.MakeLeaf("server", "localhost", "ca", "server_ext"),
        openssl.MakeLeaf("client", "good client", "ca", "client_ext"),
        openssl.MakeLeaf("other_client", "stranger", "other_ca",
                         "client_ext")}) {
    if (!s.ok()) return s;
  }
  TestCerts certs;
  certs.ca_cert = openssl.Path("ca.pem");
  certs.server_cert = openssl.Path("server.pem");
  certs.server_key = openssl.Path("server.key");
  certs.client_cert = openssl.Path("client.pem");
  certs.client_key = openssl.Path("client.key");
  certs.other_ca_cert = openssl.Path("other_ca.pem");
  certs.other_client_cert = openssl.Path("other_client.pem");
  certs.other_client_key = openssl.Path("other_client.key");
  certs.dir = std::move(dir);
  return certs;
}

std::shared_ptr<grpc::Channel> TlsChannel(int port, const std::string& ca_file,
                                          const std::string& cert_file,
                                          const std::string& key_file) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFile(ca_file);
  if (!cert_file.empty()) {
    options.pem_cert_chain = ReadFile(cert_file);
    options.pem_private_key = ReadFile(key_file);
  }
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::SslCredentials(options), args);
}

const TestCerts* TestCertsSuite::certs_ = nullptr;

void TestCertsSuite::SetUpTestSuite() {
  absl::StatusOr<TestCerts> certs = TestCerts::Generate();
  ASSERT_TRUE(certs.ok()) << certs.status();
  certs_ = new TestCerts(*std::move(certs));
}

void TestCertsSuite::TearDownTestSuite() {
  delete certs_;
  certs_ = nullptr;
}

}  // namespace statusinfo::testing
