// A StatusInfoService that serves only the two listing methods, for tests of
// how the client copes with a listing: from a catalog the test swaps at
// will, through the core's own paging (in small pages, so that a listing
// takes several calls), or tampered with, as bytes that are no message, or
// never answered. Everything else is UNIMPLEMENTED.
//
// Example:
//
//   FakeCatalogService fake(catalog);
//   fake.SetMode(FakeCatalogService::Mode::kHang);
//   std::unique_ptr<grpc::Server> server = StartInProcess(fake);
#ifndef STATUSINFO_TESTS_CLIENT_FAKE_CATALOG_SERVICE_H_
#define STATUSINFO_TESTS_CLIENT_FAKE_CATALOG_SERVICE_H_

#include <functional>
#include <memory>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "grpcpp/server_builder.h"
#include "service/core/catalog.h"
#include "service/core/listing.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

namespace statusinfo::client {

// clang-format off
using FakeCatalogServiceBase =
    v1::StatusInfoService::WithRawCallbackMethod_ListStatusCodes<
    v1::StatusInfoService::WithRawCallbackMethod_ListGrpcStatusCodes<
    v1::StatusInfoService::Service>>;
// clang-format on

class FakeCatalogService final : public FakeCatalogServiceBase {
 public:
  enum class Mode {
    kServe,    // pages of the current catalog, through `tamper` if set
    kGarbage,  // bytes that are no protobuf message
    kHang,     // no answer until the client gives up
  };
  // Changes one page before it goes out: `page` counts from 0 across all
  // the listing calls this service answers.
  using HttpTamper =
      std::function<void(int page, v1::ListStatusCodesResponse&)>;

  // Pages of this many entries, whatever the client asks.
  static constexpr int kPageSize = 40;

  explicit FakeCatalogService(const core::Catalog* catalog)
      : catalog_(catalog) {}

  void SetCatalog(const core::Catalog* catalog) {
    absl::MutexLock lock(&mu_);
    catalog_ = catalog;
  }
  // The same, from inside a tamper function, which runs under the lock.
  void SetCatalogFromTamper(const core::Catalog* catalog)
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    catalog_ = catalog;
  }
  // `http` and `grpc` apply to ListStatusCodes and ListGrpcStatusCodes.
  void SetMode(Mode http, Mode grpc) {
    absl::MutexLock lock(&mu_);
    http_mode_ = http;
    grpc_mode_ = grpc;
  }
  void SetMode(Mode mode) { SetMode(mode, mode); }
  void SetTamper(HttpTamper tamper) {
    absl::MutexLock lock(&mu_);
    tamper_ = std::move(tamper);
  }

  grpc::ServerUnaryReactor* ListStatusCodes(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override {
    absl::MutexLock lock(&mu_);
    v1::ListStatusCodesRequest parsed;
    if (!Parse(*request, parsed)) return Fail(context);
    parsed.set_page_size(kPageSize);
    absl::StatusOr<v1::ListStatusCodesResponse> page =
        core::ListStatusCodes(*catalog_, parsed);
    if (page.ok() && tamper_) tamper_(http_pages_++, *page);
    return Answer(context, http_mode_, page, response);
  }

  grpc::ServerUnaryReactor* ListGrpcStatusCodes(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override {
    absl::MutexLock lock(&mu_);
    v1::ListGrpcStatusCodesRequest parsed;
    if (!Parse(*request, parsed)) return Fail(context);
    return Answer(context, grpc_mode_,
                  core::ListGrpcStatusCodes(*catalog_, parsed), response);
  }

 private:
  // Finishes only when the call is cancelled (its deadline passes).
  class HangingReactor final : public grpc::ServerUnaryReactor {
    void OnCancel() override { Finish(grpc::Status::CANCELLED); }
    void OnDone() override { delete this; }
  };

  template <typename Message>
  static bool Parse(const grpc::ByteBuffer& bytes, Message& message) {
    grpc::ByteBuffer copy(bytes);
    return grpc::SerializationTraits<Message>::Deserialize(&copy, &message)
        .ok();
  }

  static grpc::ServerUnaryReactor* Fail(grpc::CallbackServerContext* context) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad"));
    return reactor;
  }

  template <typename Message>
  static grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                          Mode mode,
                                          const absl::StatusOr<Message>& answer,
                                          grpc::ByteBuffer* response) {
    if (mode == Mode::kHang) return new HangingReactor;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    if (!answer.ok()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::INTERNAL, "fake failed"));
      return reactor;
    }
    if (mode == Mode::kGarbage) {
      // A field 1 of wire type 7, which does not exist.
      const grpc::Slice garbage("\x0f\xff\xff\xff", 4);
      *response = grpc::ByteBuffer(&garbage, 1);
    } else {
      bool own = false;
      grpc::SerializationTraits<Message>::Serialize(*answer, response, &own);
    }
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  absl::Mutex mu_;
  const core::Catalog* catalog_ ABSL_GUARDED_BY(mu_);
  Mode http_mode_ ABSL_GUARDED_BY(mu_) = Mode::kServe;
  Mode grpc_mode_ ABSL_GUARDED_BY(mu_) = Mode::kServe;
  HttpTamper tamper_ ABSL_GUARDED_BY(mu_);
  int http_pages_ ABSL_GUARDED_BY(mu_) = 0;
};

// An in-process server for `service`.
inline std::unique_ptr<grpc::Server> StartInProcess(grpc::Service& service) {
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  return builder.BuildAndStart();
}

}  // namespace statusinfo::client

#endif  // STATUSINFO_TESTS_CLIENT_FAKE_CATALOG_SERVICE_H_
