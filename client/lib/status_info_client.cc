#include "client/lib/status_info_client.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/lib/catalog_cache.h"
#include "client/lib/channel.h"
#include "grpcpp/client_context.h"
#include "service/core/catalog.h"

namespace statusinfo::client {
namespace {

using StreamRequest = v1::StreamValidateResponsesRequest;
using StreamResponse = v1::StreamValidateResponsesResponse;
using Stream = grpc::ClientReaderWriterInterface<StreamRequest, StreamResponse>;

// What happened to one batch sent over StreamValidateResponses.
enum class BatchOutcome {
  kAnswered,     // results appended
  kStreamEnded,  // a write or read failed; Finish() says why
  kWrongCount,   // the server broke the one-result-per-response contract
};

// Sends one batch and waits for its answer: one batch in flight at a time
// keeps client and server memory bounded by the batch size.
BatchOutcome ExchangeBatch(Stream& stream,
                           absl::Span<const v1::ValidateResponseRequest> batch,
                           std::vector<v1::ValidateResponseResponse>& results) {
  StreamRequest request;
  request.mutable_responses()->Reserve(static_cast<int>(batch.size()));
  for (const v1::ValidateResponseRequest& one : batch) {
    *request.add_responses() = one;
  }
  StreamResponse response;
  if (!stream.Write(request) || !stream.Read(&response)) {
    return BatchOutcome::kStreamEnded;
  }
  if (static_cast<size_t>(response.results_size()) != batch.size()) {
    return BatchOutcome::kWrongCount;
  }
  for (v1::ValidateResponseResponse& result : *response.mutable_results()) {
    results.push_back(std::move(result));
  }
  return BatchOutcome::kAnswered;
}

// Pages of one listing must come from one catalog: behind a load balancer,
// or during a rollout, the next page can come from a server with another
// one, and the pages together would then be no catalog at all. The first
// page's catalog_version becomes the listing's.
template <typename Listing>
absl::Status CheckSameCatalog(bool first_page, const std::string& version,
                              Listing& all) {
  if (first_page) {
    all.set_catalog_version(version);
    return absl::OkStatus();
  }
  if (version == all.catalog_version()) return absl::OkStatus();
  return absl::AbortedError(
      absl::StrCat("the catalog changed while paging: catalog_version was \"",
                   all.catalog_version(), "\", a later page has \"", version,
                   "\"; list again"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<StatusInfoClient>> StatusInfoClient::Create(
    ClientOptions options) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      CreateClientChannel(options);
  if (!channel.ok()) return channel.status();
  return std::make_unique<StatusInfoClient>(*std::move(channel),
                                            std::move(options));
}

StatusInfoClient::StatusInfoClient(std::shared_ptr<grpc::Channel> channel,
                                   ClientOptions options)
    : channel_(std::move(channel)),
      options_(std::move(options)),
      stub_(v1::StatusInfoService::NewStub(channel_)),
      health_stub_(grpc::health::v1::Health::NewStub(channel_)) {
  if (options_.catalog_cache.enabled) {
    cache_ = std::make_unique<CatalogCache>(*this, options_.catalog_cache);
  }
}

StatusInfoClient::~StatusInfoClient() = default;

std::shared_ptr<const CatalogSnapshot> StatusInfoClient::CachedCatalog() {
  if (cache_ == nullptr) return nullptr;
  absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> snapshot =
      cache_->Snapshot();
  return snapshot.ok() ? *std::move(snapshot) : nullptr;
}

void StatusInfoClient::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
  context.set_wait_for_ready(options_.wait_for_ready);
}

template <typename Response, typename Invoke>
absl::StatusOr<Response> StatusInfoClient::Call(Invoke invoke) {
  grpc::ClientContext context;
  Prepare(context);
  Response response;
  grpc::Status status = invoke(&context, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::StatusOr<v1::StatusCode> StatusInfoClient::GetStatusCode(int code) {
  if (std::shared_ptr<const CatalogSnapshot> cached = CachedCatalog()) {
    absl::StatusOr<const v1::StatusCode*> entry = cached->GetStatusCode(code);
    if (!entry.ok()) return entry.status();
    return **entry;
  }
  v1::GetStatusCodeRequest request;
  request.set_code(code);
  return Call<v1::StatusCode>(
      [&](grpc::ClientContext* context, v1::StatusCode* response) {
        return stub_->GetStatusCode(context, request, response);
      });
}

absl::StatusOr<v1::BatchGetStatusCodesResponse>
StatusInfoClient::BatchGetStatusCodes(absl::Span<const int> codes) {
  if (std::shared_ptr<const CatalogSnapshot> cached = CachedCatalog()) {
    return cached->BatchGetStatusCodes(codes);
  }
  v1::BatchGetStatusCodesRequest request;
  request.mutable_codes()->Add(codes.begin(), codes.end());
  return Call<v1::BatchGetStatusCodesResponse>(
      [&](grpc::ClientContext* context,
          v1::BatchGetStatusCodesResponse* response) {
        return stub_->BatchGetStatusCodes(context, request, response);
      });
}

absl::StatusOr<v1::ListStatusCodesResponse> StatusInfoClient::ListStatusCodes(
    const v1::ListStatusCodesRequest& request) {
  return Call<v1::ListStatusCodesResponse>(
      [&](grpc::ClientContext* context, v1::ListStatusCodesResponse* response) {
        return stub_->ListStatusCodes(context, request, response);
      });
}

absl::StatusOr<v1::ListStatusCodesResponse>
StatusInfoClient::ListAllStatusCodes(
    const v1::ListStatusCodesRequest& filters) {
  v1::ListStatusCodesRequest request = filters;
  v1::ListStatusCodesResponse all;
  for (bool first_page = true;; first_page = false) {
    absl::StatusOr<v1::ListStatusCodesResponse> page = ListStatusCodes(request);
    if (!page.ok()) return page.status();
    if (absl::Status s =
            CheckSameCatalog(first_page, page->catalog_version(), all);
        !s.ok()) {
      return s;
    }
    for (v1::StatusCode& entry : *page->mutable_status_codes()) {
      *all.add_status_codes() = std::move(entry);
    }
    all.set_total_size(page->total_size());
    if (page->next_page_token().empty()) return all;
    // A server that hands back the token it was given, or hands out tokens
    // without end, would loop forever; a catalog has one entry per code at
    // most.
    if (page->next_page_token() == request.page_token()) {
      return absl::InternalError(
          "ListStatusCodes: the server returned the same page token again");
    }
    if (page->status_codes().empty() ||
        all.status_codes_size() > core::kMaxStatusCode - core::kMinStatusCode) {
      return absl::InternalError(
          "ListStatusCodes: the server keeps paging past every possible code");
    }
    request.set_page_token(page->next_page_token());
  }
}

absl::StatusOr<v1::ValidateStatusCodeResponse>
StatusInfoClient::ValidateStatusCode(int code) {
  if (std::shared_ptr<const CatalogSnapshot> cached = CachedCatalog()) {
    return cached->ValidateStatusCode(code);
  }
  v1::ValidateStatusCodeRequest request;
  request.set_code(code);
  return Call<v1::ValidateStatusCodeResponse>(
      [&](grpc::ClientContext* context,
          v1::ValidateStatusCodeResponse* response) {
        return stub_->ValidateStatusCode(context, request, response);
      });
}

absl::StatusOr<v1::ValidateStatusLineResponse>
StatusInfoClient::ValidateStatusLine(absl::string_view status_line) {
  v1::ValidateStatusLineRequest request;
  request.set_status_line(std::string(status_line));
  return Call<v1::ValidateStatusLineResponse>(
      [&](grpc::ClientContext* context,
          v1::ValidateStatusLineResponse* response) {
        return stub_->ValidateStatusLine(context, request, response);
      });
}

absl::StatusOr<v1::ValidateResponseResponse> StatusInfoClient::ValidateResponse(
    const v1::ValidateResponseRequest& request) {
  return Call<v1::ValidateResponseResponse>(
      [&](grpc::ClientContext* context,
          v1::ValidateResponseResponse* response) {
        return stub_->ValidateResponse(context, request, response);
      });
}

absl::StatusOr<std::vector<v1::ValidateResponseResponse>>
StatusInfoClient::ValidateResponses(
    absl::Span<const v1::ValidateResponseRequest> responses, int batch_size) {
  if (batch_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_size: must be at least 1, got ", batch_size));
  }
  std::vector<v1::ValidateResponseResponse> results;
  if (responses.empty()) return results;
  results.reserve(responses.size());
  grpc::ClientContext context;
  Prepare(context);
  std::unique_ptr<Stream> stream = stub_->StreamValidateResponses(&context);
  BatchOutcome outcome = BatchOutcome::kAnswered;
  for (size_t start = 0;
       start < responses.size() && outcome == BatchOutcome::kAnswered;
       start += static_cast<size_t>(batch_size)) {
    outcome =
        ExchangeBatch(*stream, responses.subspan(start, batch_size), results);
  }
  if (outcome == BatchOutcome::kWrongCount) {
    context.TryCancel();
    stream->Finish();
    return absl::InternalError(
        "StreamValidateResponses: the server answered a batch with a "
        "different number of results");
  }
  // After a failed write or read, Finish() reports the server's reason.
  stream->WritesDone();
  grpc::Status status = stream->Finish();
  if (!status.ok()) return FromGrpcStatus(status);
  if (results.size() != responses.size()) {
    return absl::InternalError(
        "StreamValidateResponses: the stream ended before every batch was "
        "answered");
  }
  return results;
}

std::unique_ptr<ValidationStream> StatusInfoClient::OpenValidationStream(
    int max_in_flight, ValidationStream::OnResults on_results) {
  return std::make_unique<ValidationStream>(*stub_, options_, max_in_flight,
                                            std::move(on_results));
}

absl::StatusOr<v1::SearchStatusCodesResponse>
StatusInfoClient::SearchStatusCodes(absl::string_view query, int page_size) {
  v1::SearchStatusCodesRequest request;
  request.set_query(std::string(query));
  request.set_page_size(page_size);
  return Call<v1::SearchStatusCodesResponse>(
      [&](grpc::ClientContext* context,
          v1::SearchStatusCodesResponse* response) {
        return stub_->SearchStatusCodes(context, request, response);
      });
}

absl::StatusOr<v1::TranslateStatusResponse> StatusInfoClient::TranslateStatus(
    const v1::TranslateStatusRequest& request) {
  if (std::shared_ptr<const CatalogSnapshot> cached = CachedCatalog()) {
    return cached->TranslateStatus(request);
  }
  return Call<v1::TranslateStatusResponse>(
      [&](grpc::ClientContext* context, v1::TranslateStatusResponse* response) {
        return stub_->TranslateStatus(context, request, response);
      });
}

absl::StatusOr<v1::GrpcStatusCode> StatusInfoClient::GetGrpcStatusCode(
    int code) {
  if (std::shared_ptr<const CatalogSnapshot> cached = CachedCatalog()) {
    absl::StatusOr<const v1::GrpcStatusCode*> entry =
        cached->GetGrpcStatusCode(code);
    if (!entry.ok()) return entry.status();
    return **entry;
  }
  v1::GetGrpcStatusCodeRequest request;
  request.set_code(code);
  return Call<v1::GrpcStatusCode>(
      [&](grpc::ClientContext* context, v1::GrpcStatusCode* response) {
        return stub_->GetGrpcStatusCode(context, request, response);
      });
}

absl::StatusOr<v1::ListGrpcStatusCodesResponse>
StatusInfoClient::ListGrpcStatusCodes() {
  v1::ListGrpcStatusCodesRequest request;
  v1::ListGrpcStatusCodesResponse all;
  for (bool first_page = true;; first_page = false) {
    absl::StatusOr<v1::ListGrpcStatusCodesResponse> page =
        Call<v1::ListGrpcStatusCodesResponse>(
            [&](grpc::ClientContext* context,
                v1::ListGrpcStatusCodesResponse* response) {
              return stub_->ListGrpcStatusCodes(context, request, response);
            });
    if (!page.ok()) return page.status();
    if (absl::Status s =
            CheckSameCatalog(first_page, page->catalog_version(), all);
        !s.ok()) {
      return s;
    }
    for (v1::GrpcStatusCode& entry : *page->mutable_grpc_status_codes()) {
      *all.add_grpc_status_codes() = std::move(entry);
    }
    if (page->next_page_token().empty()) return all;
    if (page->next_page_token() == request.page_token()) {
      return absl::InternalError(
          "ListGrpcStatusCodes: the server returned the same page token again");
    }
    if (page->grpc_status_codes().empty() ||
        all.grpc_status_codes_size() >
            core::kMaxGrpcCode - core::kMinGrpcCode) {
      return absl::InternalError(
          "ListGrpcStatusCodes: the server keeps paging past every possible "
          "code");
    }
    request.set_page_token(page->next_page_token());
  }
}

absl::StatusOr<ServingStatus> StatusInfoClient::Check(
    absl::string_view service) {
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(std::string(service));
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> response =
      Call<grpc::health::v1::HealthCheckResponse>(
          [&](grpc::ClientContext* context,
              grpc::health::v1::HealthCheckResponse* response) {
            return health_stub_->Check(context, request, response);
          });
  if (!response.ok()) return response.status();
  return response->status();
}

}  // namespace statusinfo::client
