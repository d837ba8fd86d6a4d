// The catalog cache's answers against the server's: every code from -1 to
// 1000 through GetStatusCode, BatchGetStatusCodes, ValidateStatusCode,
// GetGrpcStatusCode and TranslateStatus (both directions), answers and
// errors alike (code, message, google.rpc.Status details). The calls go to
// a real in-process server first; then the server stops and the cached
// client answers the same questions, so its answers can only come from
// memory.
#include "client/lib/catalog_snapshot.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/lib/catalog_cache.h"
#include "client/lib/status_info_client.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/server/server.h"

namespace statusinfo::client {
namespace {

constexpr int kFirstCode = -1;
constexpr int kLastCode = 1000;

// One answer, reduced to what must match: the message's bytes, or the
// error's code, message, and details. The details' order is not part of
// the answer (the server sends them in abseil's payload order), so they are
// sorted.
struct Answer {
  bool ok = false;
  std::string message_bytes;
  absl::StatusCode code = absl::StatusCode::kOk;
  std::string error_message;
  std::vector<std::string> details;
  bool rpc_status_matches = false;

  bool operator==(const Answer& other) const {
    return ok == other.ok && message_bytes == other.message_bytes &&
           code == other.code && error_message == other.error_message &&
           details == other.details &&
           rpc_status_matches == other.rpc_status_matches;
  }
};

template <typename Message>
Answer Reduce(const absl::StatusOr<Message>& result) {
  Answer answer;
  answer.ok = result.ok();
  if (result.ok()) {
    answer.message_bytes = result->SerializeAsString();
    return answer;
  }
  answer.code = result.status().code();
  answer.error_message = std::string(result.status().message());
  google::rpc::Status rpc;
  absl::optional<absl::Cord> payload =
      result.status().GetPayload(kRpcStatusTypeUrl);
  if (payload.has_value() && rpc.ParseFromString(std::string(*payload))) {
    answer.rpc_status_matches = rpc.code() == static_cast<int>(answer.code) &&
                                rpc.message() == answer.error_message;
    for (const google::protobuf::Any& detail : rpc.details()) {
      answer.details.push_back(
          absl::StrCat(detail.type_url(), "=", detail.value()));
    }
    std::sort(answer.details.begin(), answer.details.end());
  }
  return answer;
}

std::ostream& operator<<(std::ostream& out, const Answer& answer) {
  if (answer.ok) return out << "OK (" << answer.message_bytes.size() << " B)";
  out << absl::StatusCodeToString(answer.code) << ": " << answer.error_message
      << " [" << answer.details.size() << " details"
      << (answer.rpc_status_matches ? "" : ", rpc status differs") << "]";
  return out;
}

// Every question the test asks, by name, answered by `client`.
std::vector<std::pair<std::string, Answer>> AskEverything(
    StatusInfoClient& client) {
  std::vector<std::pair<std::string, Answer>> answers;
  auto ask = [&](std::string question, Answer answer) {
    answers.emplace_back(std::move(question), std::move(answer));
  };
  for (int code = kFirstCode; code <= kLastCode; ++code) {
    ask(absl::StrCat("GetStatusCode(", code, ")"),
        Reduce(client.GetStatusCode(code)));
    const int one[] = {code};
    ask(absl::StrCat("BatchGetStatusCodes({", code, "})"),
        Reduce(client.BatchGetStatusCodes(one)));
    ask(absl::StrCat("ValidateStatusCode(", code, ")"),
        Reduce(client.ValidateStatusCode(code)));
    ask(absl::StrCat("GetGrpcStatusCode(", code, ")"),
        Reduce(client.GetGrpcStatusCode(code)));
    v1::TranslateStatusRequest from_http;
    from_http.set_http_status_code(code);
    ask(absl::StrCat("TranslateStatus(http ", code, ")"),
        Reduce(client.TranslateStatus(from_http)));
    v1::TranslateStatusRequest from_grpc;
    from_grpc.set_grpc_code(code);
    ask(absl::StrCat("TranslateStatus(grpc ", code, ")"),
        Reduce(client.TranslateStatus(from_grpc)));
  }
  // Batches: several codes, a bad one at an index, none, too many.
  const std::vector<std::vector<int>> batches = {{200, 404, 404, 503},
                                                 {200, 42, 404},
                                                 {200, 299},
                                                 {},
                                                 std::vector<int>(101, 200)};
  for (const std::vector<int>& codes : batches) {
    ask(absl::StrCat("BatchGetStatusCodes(", codes.size(), " codes)"),
        Reduce(client.BatchGetStatusCodes(codes)));
  }
  ask("TranslateStatus(neither)",
      Reduce(client.TranslateStatus(v1::TranslateStatusRequest())));
  return answers;
}

TEST(CatalogSnapshotTest, AnswersAsTheServerDoesForEveryCode) {
  absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  server::ServerConfig config;
  config.address = "127.0.0.1:0";
  absl::StatusOr<std::unique_ptr<server::StatusInfoServer>> server =
      server::StatusInfoServer::Start(*std::move(catalog), config);
  ASSERT_TRUE(server.ok()) << server.status();
  ClientOptions options;
  options.target = absl::StrCat("127.0.0.1:", (*server)->port());
  options.max_attempts = 1;
  absl::StatusOr<std::unique_ptr<StatusInfoClient>> calling =
      StatusInfoClient::Create(options);
  options.catalog_cache.enabled = true;
  options.catalog_cache.log = [](CatalogCacheEvent, absl::string_view) {};
  absl::StatusOr<std::unique_ptr<StatusInfoClient>> cached =
      StatusInfoClient::Create(options);
  ASSERT_TRUE(calling.ok() && cached.ok());
  ASSERT_TRUE((*cached)->catalog_cache()->Snapshot().ok());
  // The real server sends its catalog_version with the listing.
  EXPECT_EQ((*cached)->catalog_cache()->Current()->version(),
            (*server)->catalog().catalog_version());

  const std::vector<std::pair<std::string, Answer>> from_server =
      AskEverything(**calling);
  (*server)->Shutdown(absl::Seconds(1));
  ASSERT_FALSE((*calling)->GetStatusCode(404).ok());  // the server is gone
  const std::vector<std::pair<std::string, Answer>> from_cache =
      AskEverything(**cached);

  ASSERT_EQ(from_server.size(), from_cache.size());
  int errors = 0;
  for (size_t i = 0; i < from_server.size(); ++i) {
    EXPECT_EQ(from_cache[i].second, from_server[i].second)
        << from_server[i].first;
    if (!from_server[i].second.ok) {
      ++errors;
      EXPECT_TRUE(from_server[i].second.rpc_status_matches)
          << from_server[i].first;
      EXPECT_FALSE(from_server[i].second.details.empty())
          << from_server[i].first;
    }
  }
  // Both kinds of answer were compared, not only one.
  EXPECT_GT(errors, 1000);
  EXPECT_LT(errors, static_cast<int>(from_server.size()) - 1000);
  EXPECT_EQ((*cached)->catalog_cache()->refreshes(), 1);
}

TEST(CatalogSnapshotTest, RefusesAListingThatIsNoCatalog) {
  v1::StatusCatalog listed;
  listed.set_version("v@1");
  listed.add_status_codes()->set_code(42);
  absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> snapshot =
      CatalogSnapshot::Create(listed);
  EXPECT_EQ(snapshot.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(snapshot.status().message()),
              ::testing::HasSubstr("(code 42)"));
}

}  // namespace
}  // namespace statusinfo::client
