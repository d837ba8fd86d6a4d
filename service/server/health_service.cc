#include "service/server/health_service.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/server/grpc_status.h"

namespace statusinfo::server {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// One Watch call: sends the current status, then each change. At most one
// write is in flight; a change that comes meanwhile waits in pending_ (only
// the latest matters).
//
// Lock order: HealthService::mu_, then Watcher::mu_. The watcher never takes
// the service's lock while holding its own.
class HealthService::Watcher final
    : public grpc::ServerWriteReactor<HealthCheckResponse> {
 public:
  // `known`: whether the name watched has a status (else it stays
  // SERVICE_UNKNOWN).
  Watcher(HealthService* service, bool known, ServingStatus initial)
      : service_(service), known_(known) {
    absl::MutexLock lock(&mu_);
    WriteLocked(initial);
  }

  bool known() const { return known_; }

  void Notify(ServingStatus status) {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    if (writing_) {
      pending_ = status;
    } else if (status != last_sent_) {
      WriteLocked(status);
    }
  }

  // Finishes the call with `status`, after the write in flight (the last
  // status change, which the client must still see).
  void End(const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    finished_ = true;
    if (writing_) {
      finish_after_write_ = status;
    } else {
      Finish(status);
    }
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    // A change that came during the write goes out first, even when the
    // call is ending: NOT_SERVING right before the shutdown must arrive.
    if (ok && pending_.has_value() && *pending_ != last_sent_) {
      const ServingStatus next = *pending_;
      pending_.reset();
      WriteLocked(next);
      return;
    }
    pending_.reset();
    if (finish_after_write_.has_value()) {
      Finish(*std::move(finish_after_write_));
      finish_after_write_.reset();
    } else if (!ok && !finished_) {
      finished_ = true;
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    }
  }

  void OnCancel() override {
    End(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
  }

  void OnDone() override {
    service_->Remove(this);
    delete this;
  }

 private:
  void WriteLocked(ServingStatus status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    response_.set_status(status);
    last_sent_ = status;
    writing_ = true;
    StartWrite(&response_);
  }

  HealthService* const service_;
  const bool known_;
  absl::Mutex mu_;
  HealthCheckResponse response_ ABSL_GUARDED_BY(mu_);
  ServingStatus last_sent_ ABSL_GUARDED_BY(mu_) = HealthCheckResponse::UNKNOWN;
  std::optional<ServingStatus> pending_ ABSL_GUARDED_BY(mu_);
  std::optional<grpc::Status> finish_after_write_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

HealthService::HealthService(const std::vector<std::string>& services) {
  absl::MutexLock lock(&mu_);
  statuses_[""] = HealthCheckResponse::NOT_SERVING;
  for (const std::string& service : services) {
    statuses_[service] = HealthCheckResponse::NOT_SERVING;
  }
}

HealthService::~HealthService() {
  // The gRPC server, stopped first, has finished every call.
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](absl::flat_hash_set<Watcher*>* w) { return w->empty(); },
      &watchers_));
}

void HealthService::SetServing(bool serving) {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  const ServingStatus status =
      serving ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING;
  for (auto& [name, value] : statuses_) value = status;
  for (Watcher* watcher : watchers_) {
    if (watcher->known()) watcher->Notify(status);
  }
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  shut_down_ = true;
  for (auto& [name, value] : statuses_) {
    value = HealthCheckResponse::NOT_SERVING;
  }
  const grpc::Status status =
      ServerError(absl::StatusCode::kUnavailable, "the server is shutting down",
                  v1::SHUTTING_DOWN);
  for (Watcher* watcher : watchers_) watcher->End(status);
}

grpc::ServerUnaryReactor* HealthService::Check(
    grpc::CallbackServerContext* context, const HealthCheckRequest* request,
    HealthCheckResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::MutexLock lock(&mu_);
  auto it = statuses_.find(request->service());
  if (it == statuses_.end()) {
    reactor->Finish(ServerError(absl::StatusCode::kNotFound,
                                absl::StrCat("service: no health status for \"",
                                             request->service(), "\""),
                                v1::SERVICE_UNKNOWN));
  } else {
    response->set_status(it->second);
    reactor->Finish(grpc::Status::OK);
  }
  return reactor;
}

grpc::ServerWriteReactor<HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext*, const HealthCheckRequest* request) {
  absl::MutexLock lock(&mu_);
  auto it = statuses_.find(request->service());
  // An unknown name is not an error for Watch: the status could appear
  // later (here it never does, the names are fixed at start-up).
  const bool known = it != statuses_.end();
  auto* watcher = new Watcher(
      this, known, known ? it->second : HealthCheckResponse::SERVICE_UNKNOWN);
  watchers_.insert(watcher);
  if (shut_down_) {
    watcher->End(ServerError(absl::StatusCode::kUnavailable,
                             "the server is shutting down", v1::SHUTTING_DOWN));
  }
  return watcher;
}

void HealthService::Remove(Watcher* watcher) {
  absl::MutexLock lock(&mu_);
  watchers_.erase(watcher);
}

}  // namespace statusinfo::server
