// The entry points of the ValidateResponse and StreamValidateResponses RPCs:
// limits, batches, field paths, and the catalog they judge codes against.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/core/errors.h"
#include "service/core/internal/catalog_enrichment.h"
#include "service/core/response_rules.h"

namespace statusinfo::core {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kUnassignedRule[] = "status-code-unassigned";

// The built-in catalog with one unofficial code added, as --catalog_file
// adds them.
Catalog CatalogWith(int code) {
  v1::StatusCatalog data = BuiltinCatalogData();
  v1::StatusCode* entry = data.add_status_codes();
  entry->set_code(code);
  entry->set_reason_phrase("Upstream Quota Exceeded");
  entry->set_registry_status(v1::REGISTRY_STATUS_UNOFFICIAL);
  absl::StatusOr<Catalog> catalog = BuildCatalog(std::move(data));
  EXPECT_TRUE(catalog.ok()) << catalog.status();
  return *std::move(catalog);
}

v1::ValidateResponseRequest Get(int code) {
  v1::ValidateResponseRequest request;
  request.set_request_method("GET");
  request.set_status_code(code);
  return request;
}

bool HasRule(const v1::ValidateResponseResponse& response,
             absl::string_view rule_id) {
  for (const v1::Finding& finding : response.findings()) {
    if (finding.rule_id() == rule_id) return true;
  }
  return false;
}

TEST(ResponseLimitsTest, AssignedMeansInTheCatalogPassedIn) {
  absl::StatusOr<Catalog> builtin = LoadCatalog("");
  ASSERT_TRUE(builtin.ok()) << builtin.status();
  ASSERT_EQ(builtin->Find(461), nullptr);
  const Catalog extended = CatalogWith(461);

  EXPECT_TRUE(HasRule(ValidateResponse(*builtin, Get(461)), kUnassignedRule));
  EXPECT_FALSE(HasRule(ValidateResponse(extended, Get(461)), kUnassignedRule));

  absl::StatusOr<v1::ValidateResponseResponse> one =
      CheckAndValidateResponse(extended, Get(461));
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_FALSE(HasRule(*one, kUnassignedRule));

  v1::StreamValidateResponsesRequest batch;
  *batch.add_responses() = Get(461);
  v1::StreamValidateResponsesResponse results;
  ASSERT_TRUE(
      ValidateResponses(extended, batch, kMaxStreamBatch, results).ok());
  ASSERT_EQ(results.results_size(), 1);
  EXPECT_FALSE(HasRule(results.results(0), kUnassignedRule));
  ASSERT_TRUE(
      ValidateResponses(*builtin, batch, kMaxStreamBatch, results).ok());
  EXPECT_TRUE(HasRule(results.results(0), kUnassignedRule));
}

TEST(ResponseLimitsTest, CheckAndValidateRefusesWhatIsOverALimit) {
  absl::StatusOr<Catalog> catalog = LoadCatalog("");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  v1::ValidateResponseRequest request = Get(200);
  request.set_request_method(std::string(kMaxMethodBytes + 1, 'M'));
  absl::StatusOr<v1::ValidateResponseResponse> result =
      CheckAndValidateResponse(*catalog, request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status(), CheckResponseLimits(request));
}

TEST(ResponseLimitsTest, ValidateResponsesAnswersEachInOrder) {
  absl::StatusOr<Catalog> catalog = LoadCatalog("");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  v1::StreamValidateResponsesRequest batch;
  for (int code : {200, 401, 99}) *batch.add_responses() = Get(code);
  v1::StreamValidateResponsesResponse results;
  // Results left from an earlier message are replaced, not appended to.
  results.add_results()->set_valid(true);
  ASSERT_TRUE(ValidateResponses(*catalog, batch, 3, results).ok());
  ASSERT_EQ(results.results_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        results.results(i).SerializeAsString(),
        ValidateResponse(*catalog, batch.responses(i)).SerializeAsString())
        << i;
  }
}

TEST(ResponseLimitsTest, ValidateResponsesRefusesABatchOverTheLimit) {
  absl::StatusOr<Catalog> catalog = LoadCatalog("");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  v1::StreamValidateResponsesRequest batch;
  for (int i = 0; i < 4; ++i) *batch.add_responses() = Get(200);
  v1::StreamValidateResponsesResponse results;
  const absl::Status status = ValidateResponses(*catalog, batch, 3, results);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              StartsWith("responses: may hold at most 3 responses"));
  EXPECT_EQ(ErrorReason(status), "STREAM_BATCH_TOO_LARGE");
  EXPECT_TRUE(ValidateResponses(*catalog, batch, 4, results).ok());
}

TEST(ResponseLimitsTest, ValidateResponsesNamesTheResponseOverALimit) {
  absl::StatusOr<Catalog> catalog = LoadCatalog("");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  v1::StreamValidateResponsesRequest batch;
  for (int i = 0; i < 5; ++i) *batch.add_responses() = Get(200);
  v1::HttpHeader* header = batch.mutable_responses(3)->add_headers();
  header->set_name("X-Long");
  header->set_value(std::string(kMaxHeaderValueBytes + 1, 'v'));
  v1::StreamValidateResponsesResponse results;
  const absl::Status status =
      ValidateResponses(*catalog, batch, kMaxStreamBatch, results);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              StartsWith("responses[3].headers[0].value: "));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr(absl::StrCat(kMaxHeaderValueBytes)));
  EXPECT_EQ(ErrorReason(status), "HEADER_VALUE_TOO_LONG");
}

}  // namespace
}  // namespace statusinfo::core
