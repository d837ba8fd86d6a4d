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
// Lock order: HealthService::mu_, then watchers_'s, then Watcher::mu_. The
// watcher never takes another lock while holding its own.
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
    if (end_.ended()) return;
    if (end_.writing()) {
      pending_ = status;
    } else if (status != last_sent_) {
      WriteLocked(status);
    }
  }

  // Finishes the call with `status`, after the write in flight (the last
  // status change, which the client must still see).
  void End(const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    if (auto now = end_.End(status)) Finish(*now);
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    end_.WriteDone();
    // A change that came during the write goes out first, even when the
    // call is ending: NOT_SERVING right before the shutdown must arrive.
    if (ok && pending_.has_value() && *pending_ != last_sent_) {
      const ServingStatus next = *pending_;
      pending_.reset();
      WriteLocked(next);
      return;
    }
    pending_.reset();
    if (auto later = end_.TakeFinish()) {
      Finish(*later);
    } else if (!ok) {
      if (auto now = end_.End(grpc::Status(grpc::StatusCode::CANCELLED,
                                           "the client went away"))) {
        Finish(*now);
      }
    }
  }

  void OnCancel() override {
    End(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
  }

  void OnDone() override {
    service_->watchers_.Remove(this);
    delete this;
  }

 private:
  void WriteLocked(ServingStatus status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    response_.set_status(status);
    last_sent_ = status;
    end_.StartWrite();
    StartWrite(&response_);
  }

  HealthService* const service_;
  const bool known_;
  absl::Mutex mu_;
  HealthCheckResponse response_ ABSL_GUARDED_BY(mu_);
  ServingStatus last_sent_ ABSL_GUARDED_BY(mu_) = HealthCheckResponse::UNKNOWN;
  std::optional<ServingStatus> pending_ ABSL_GUARDED_BY(mu_);
  CallEnd end_ ABSL_GUARDED_BY(mu_);
};

HealthService::HealthService(const std::vector<std::string>& services) {
  absl::MutexLock lock(&mu_);
  statuses_[""] = HealthCheckResponse::NOT_SERVING;
  for (const std::string& service : services) {
    statuses_[service] = HealthCheckResponse::NOT_SERVING;
  }
}

// watchers_ waits for the last watch to finish.
HealthService::~HealthService() = default;

void HealthService::SetServing(bool serving) {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  const ServingStatus status =
      serving ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING;
  for (auto& [name, value] : statuses_) value = status;
  watchers_.ForEach([status](Watcher* watcher) {
    if (watcher->known()) watcher->Notify(status);
  });
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  shut_down_ = true;
  for (auto& [name, value] : statuses_) {
    value = HealthCheckResponse::NOT_SERVING;
  }
  watchers_.Shutdown();
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
  watchers_.Add(watcher);
  return watcher;
}

}  // namespace statusinfo::server
