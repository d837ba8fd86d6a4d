// StatusInfoClient: the C++ client of statusinfo.v1.StatusInfoService, for
// services that want to look up, list, validate or translate HTTP and gRPC
// status codes.
//
// One client holds one channel and reuses it for every call, so create it
// once and share it; its methods are thread-safe. Every call has a deadline
// (ClientOptions::timeout) and calls that fail with UNAVAILABLE are retried
// by gRPC (ClientOptions::max_attempts). Failures come back as absl::Status
// with the server's code, message and AIP-193 details (see errors.h).
//
// Example:
//
//   ClientOptions options;
//   options.target = "statusinfo.internal:50051";
//   absl::StatusOr<std::unique_ptr<StatusInfoClient>> client =
//       StatusInfoClient::Create(options);
//   if (!client.ok()) return client.status();  // bad TLS file, empty target
//
//   absl::StatusOr<v1::StatusCode> entry = (*client)->GetStatusCode(413);
//   if (!entry.ok()) {
//     std::cerr << DescribeError(entry.status()) << "\n";
//   } else {
//     std::cout << entry->code() << " " << entry->reason_phrase() << "\n";
//     // 413 Content Too Large
//   }
//
// Lookups at the caller: with options.catalog_cache.enabled = true, the
// client lists the catalog on first use and then answers GetStatusCode,
// BatchGetStatusCodes, ValidateStatusCode, GetGrpcStatusCode and
// TranslateStatus from memory, exactly as the server would, errors
// included; a copy is at most catalog_cache.refresh_interval (5 minutes)
// old while the server can be reached (catalog_cache.h). For lookups that
// do not even copy the entry, use the cache's snapshot:
//
//   options.catalog_cache.enabled = true;
//   ...
//   absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> snapshot =
//       (*client)->catalog_cache()->Snapshot();
//   if (snapshot.ok()) {
//     absl::StatusOr<const v1::StatusCode*> entry =
//         (*snapshot)->GetStatusCode(413);  // no call, no allocation
//   }
#ifndef STATUSINFO_CLIENT_LIB_STATUS_INFO_CLIENT_H_
#define STATUSINFO_CLIENT_LIB_STATUS_INFO_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "client/lib/catalog_snapshot.h"
#include "client/lib/client_options.h"
#include "client/lib/errors.h"
#include "client/lib/validation_stream.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/channel.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

namespace statusinfo::client {

namespace v1 = ::statusinfo::v1;

// The serving states grpc.health.v1.Health/Check reports.
using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

class CatalogCache;

class StatusInfoClient {
 public:
  // Builds the channel from `options` (credentials, retry policy). Fails only
  // on bad options, such as an unreadable TLS file; an unreachable server
  // shows up in the calls, because gRPC connects lazily.
  static absl::StatusOr<std::unique_ptr<StatusInfoClient>> Create(
      ClientOptions options);

  // Uses a channel the caller built (tests, in-process channels, callers
  // that manage channels). Only timeout, wait_for_ready and catalog_cache
  // of `options` apply; the channel's own configuration decides the rest.
  explicit StatusInfoClient(std::shared_ptr<grpc::Channel> channel,
                            ClientOptions options = {});
  ~StatusInfoClient();

  StatusInfoClient(const StatusInfoClient&) = delete;
  StatusInfoClient& operator=(const StatusInfoClient&) = delete;

  const ClientOptions& options() const { return options_; }
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // The catalog cache when options().catalog_cache.enabled, else null.
  CatalogCache* catalog_cache() const { return cache_.get(); }

  // The five lookups below answer from the catalog cache when it is
  // enabled and has a copy, and call the server otherwise.

  // The entry for an HTTP status code. INVALID_ARGUMENT outside 100-599;
  // NOT_FOUND for an unassigned code.
  absl::StatusOr<v1::StatusCode> GetStatusCode(int code);

  // The entries for 1 to 100 codes, in request order; one bad code fails all.
  absl::StatusOr<v1::BatchGetStatusCodesResponse> BatchGetStatusCodes(
      absl::Span<const int> codes);

  // One page of entries, as the request asks.
  absl::StatusOr<v1::ListStatusCodesResponse> ListStatusCodes(
      const v1::ListStatusCodesRequest& request);

  // Every entry matching `filters` (class, include_unofficial; page_size is
  // the page size used), following page tokens. The result holds all
  // entries, total_size, catalog_version, and no next_page_token. Each page
  // is a call with its own deadline. ABORTED when a page comes from another
  // catalog_version than the first (another server, mid-rollout): list
  // again.
  absl::StatusOr<v1::ListStatusCodesResponse> ListAllStatusCodes(
      const v1::ListStatusCodesRequest& filters = {});

  // Whether `code` is a valid HTTP status code and what it is. An invalid
  // number is an answer (valid = false), not an error.
  absl::StatusOr<v1::ValidateStatusCodeResponse> ValidateStatusCode(int code);

  // Parses and checks an HTTP/1.1 status line such as "HTTP/1.1 404 Not Found".
  absl::StatusOr<v1::ValidateStatusLineResponse> ValidateStatusLine(
      absl::string_view status_line);

  // Checks one response head against the rules of its status code.
  absl::StatusOr<v1::ValidateResponseResponse> ValidateResponse(
      const v1::ValidateResponseRequest& request);

  // Checks many responses over one StreamValidateResponses stream, sending
  // `batch_size` (1 to 1000) per message and waiting for each answer before
  // the next, so memory stays bounded on both sides. Results are in input
  // order. The deadline covers the whole stream.
  absl::StatusOr<std::vector<v1::ValidateResponseResponse>> ValidateResponses(
      absl::Span<const v1::ValidateResponseRequest> responses,
      int batch_size = 100);

  // Opens a StreamValidateResponses call for responses the caller produces
  // as it goes, with up to `max_in_flight` batches unanswered and each
  // batch's results handed to `on_results` in order (validation_stream.h).
  // Use it for inputs too large to hold, such as a HAR file.
  std::unique_ptr<ValidationStream> OpenValidationStream(
      int max_in_flight, ValidationStream::OnResults on_results);

  // Status codes matching `query` (phrase, keyword, number prefix), best
  // first; page_size 0 means the server's default.
  absl::StatusOr<v1::SearchStatusCodesResponse> SearchStatusCodes(
      absl::string_view query, int page_size = 0);

  // HTTP -> gRPC or gRPC -> HTTP, as the request's oneof says.
  absl::StatusOr<v1::TranslateStatusResponse> TranslateStatus(
      const v1::TranslateStatusRequest& request);

  // The entry for a gRPC status code, 0 to 16.
  absl::StatusOr<v1::GrpcStatusCode> GetGrpcStatusCode(int code);

  // All gRPC status codes, following page tokens, with catalog_version;
  // ABORTED as for ListAllStatusCodes.
  absl::StatusOr<v1::ListGrpcStatusCodesResponse> ListGrpcStatusCodes();

  // grpc.health.v1.Health/Check for `service` ("" means the whole server).
  // NOT_FOUND when the server does not know the service name.
  absl::StatusOr<ServingStatus> Check(absl::string_view service = "");

 private:
  // Runs one unary call: `invoke(context, response)` sends it on a context
  // with this client's deadline and wait-for-ready setting.
  template <typename Response, typename Invoke>
  absl::StatusOr<Response> Call(Invoke invoke);

  // Sets the deadline and wait-for-ready on a fresh context.
  void Prepare(grpc::ClientContext& context) const;

  // The cache's copy, or null: no cache, or no copy yet.
  std::shared_ptr<const CatalogSnapshot> CachedCatalog();

  std::shared_ptr<grpc::Channel> channel_;
  ClientOptions options_;
  std::unique_ptr<v1::StatusInfoService::Stub> stub_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_stub_;
  // Last, so that it goes first: its refresher calls through the stubs.
  std::unique_ptr<CatalogCache> cache_;
};

}  // namespace statusinfo::client

#endif  // STATUSINFO_CLIENT_LIB_STATUS_INFO_CLIENT_H_
