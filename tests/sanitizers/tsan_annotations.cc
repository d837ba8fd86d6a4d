// ThreadSanitizer builds only (STATUSINFO_SANITIZE=thread; see the sanitizer
// block of the top-level CMakeLists.txt and docs/reliability.md).
//
// Debian's abseil and gRPC are not built with -fsanitize=thread, so
// ThreadSanitizer cannot see them synchronize, and it reports races between
// accesses that they do order. This library, linked into every target of the
// build ahead of those libraries, interposes a few of their entry points:
// each calls the real function (found with dlsym(RTLD_NEXT)) and tells
// ThreadSanitizer about the happens-before edge that the function
// guarantees, as an instrumented build of the library would.
//
//  - absl::Mutex and absl::CondVar (our locks, and gRPC's, which are
//    absl::Mutex too): __tsan_acquire after taking the mutex, __tsan_release
//    before giving it up. Readers release into a second clock that only
//    writers acquire, so two readers are not ordered with each other.
//  - gRPC's completion of a batch of operations: whatever the thread did
//    before grpc_call_start_batch (or before asking the server for a call)
//    happens before the completion is delivered, whether by
//    grpc_completion_queue_next or _pluck (sync and async API) or by running
//    the tag as a callback (callback API, on one of gRPC's threads).
//  - the end of a server callback call: gRPC counts the call's outstanding
//    callbacks with an atomic that is dropped both in inline code (ours,
//    instrumented) and inside libgrpc++ (not); OnDone, scheduled by the
//    thread that drops it to zero, comes after every callback.
//
// It adds only edges that the libraries guarantee, and it reports nothing
// itself; it does not hide any access of our code from ThreadSanitizer.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/base/options.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpc/grpc.h"
#include "grpcpp/support/server_callback.h"

extern "C" {
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
}

// Everything here runs inside the libraries' synchronization, on behalf of
// whichever thread gets there; its own memory accesses and atomics are not
// the subject of the analysis and must add no edges of their own, so none of
// it is instrumented. Only the explicit __tsan_acquire/__tsan_release calls
// speak to ThreadSanitizer.
#define STATUSINFO_NO_TSAN __attribute__((no_sanitize("thread")))

namespace {

#define STATUSINFO_STR2(x) #x
#define STATUSINFO_STR(x) STATUSINFO_STR2(x)

// The mangled name of absl::<suffix>, e.g. "5Mutex4LockEv", with abseil's
// inline namespace (Debian's is "debian3").
std::string Mangled(const char* nested, const char* suffix) {
#if ABSL_OPTION_USE_INLINE_NAMESPACE
  const char* ns = STATUSINFO_STR(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  return std::string(nested) + "4absl" + std::to_string(std::strlen(ns)) + ns +
         suffix;
#else
  return std::string(nested) + "4absl" + suffix;
#endif
}

// The function interposed here, as libabsl_synchronization defines it.
template <typename Fn>
Fn Real(const char* nested, const char* suffix) {
  const std::string name = Mangled(nested, suffix);
  void* fn = dlsym(RTLD_NEXT, name.c_str());
  if (fn == nullptr) {
    std::fprintf(stderr, "tsan_annotations: %s not found: %s\n", name.c_str(),
                 dlerror());
    std::abort();
  }
  return reinterpret_cast<Fn>(fn);
}

// Where writers and readers release.
STATUSINFO_NO_TSAN void* WriterClock(const absl::Mutex* mu) {
  return const_cast<absl::Mutex*>(mu);
}
STATUSINFO_NO_TSAN void* ReaderClock(const absl::Mutex* mu) {
  return reinterpret_cast<char*>(const_cast<absl::Mutex*>(mu)) + 1;
}

STATUSINFO_NO_TSAN void AcquireAsWriter(const absl::Mutex* mu) {
  __tsan_acquire(WriterClock(mu));
  __tsan_acquire(ReaderClock(mu));
}
STATUSINFO_NO_TSAN void AcquireAsReader(const absl::Mutex* mu) {
  __tsan_acquire(WriterClock(mu));
}

// abseil evaluates a condition only with the mutex held (by the waiter, or
// by the thread that is releasing it), but inside its own code, before the
// wrapper can annotate the acquisition. The condition is wrapped so that its
// evaluation acquires the mutex first.
struct WrappedCondition {
  const absl::Condition* condition;
  const absl::Mutex* mu;
  bool reader;
};

STATUSINFO_NO_TSAN bool EvalWrapped(void* arg) {
  const auto* wrapped = static_cast<const WrappedCondition*>(arg);
  if (wrapped->reader) {
    AcquireAsReader(wrapped->mu);
  } else {
    AcquireAsWriter(wrapped->mu);
  }
  return wrapped->condition->Eval();
}

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

#define STATUSINFO_REAL(type, nested, suffix) \
  static const auto real = Real<type>(nested, suffix)

STATUSINFO_NO_TSAN void Mutex::Lock() {
  STATUSINFO_REAL(void (*)(Mutex*), "_ZN", "5Mutex4LockEv");
  real(this);
  AcquireAsWriter(this);
}

STATUSINFO_NO_TSAN bool Mutex::TryLock() {
  STATUSINFO_REAL(bool (*)(Mutex*), "_ZN", "5Mutex7TryLockEv");
  const bool locked = real(this);
  if (locked) AcquireAsWriter(this);
  return locked;
}

STATUSINFO_NO_TSAN void Mutex::Unlock() {
  STATUSINFO_REAL(void (*)(Mutex*), "_ZN", "5Mutex6UnlockEv");
  __tsan_release(WriterClock(this));
  real(this);
}

STATUSINFO_NO_TSAN void Mutex::ReaderLock() {
  STATUSINFO_REAL(void (*)(Mutex*), "_ZN", "5Mutex10ReaderLockEv");
  real(this);
  AcquireAsReader(this);
}

STATUSINFO_NO_TSAN bool Mutex::ReaderTryLock() {
  STATUSINFO_REAL(bool (*)(Mutex*), "_ZN", "5Mutex13ReaderTryLockEv");
  const bool locked = real(this);
  if (locked) AcquireAsReader(this);
  return locked;
}

STATUSINFO_NO_TSAN void Mutex::ReaderUnlock() {
  STATUSINFO_REAL(void (*)(Mutex*), "_ZN", "5Mutex12ReaderUnlockEv");
  __tsan_release(ReaderClock(this));
  real(this);
}

STATUSINFO_NO_TSAN void Mutex::LockWhen(const Condition& cond) {
  STATUSINFO_REAL(void (*)(Mutex*, const Condition&), "_ZN",
                  "5Mutex8LockWhenERKNS0_9ConditionE");
  WrappedCondition wrapped{&cond, this, false};
  real(this, Condition(&EvalWrapped, &wrapped));
  AcquireAsWriter(this);
}

STATUSINFO_NO_TSAN bool Mutex::LockWhenWithTimeout(const Condition& cond,
                                                   Duration timeout) {
  STATUSINFO_REAL(
      bool (*)(Mutex*, const Condition&, Duration), "_ZN",
      "5Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  WrappedCondition wrapped{&cond, this, false};
  const bool result = real(this, Condition(&EvalWrapped, &wrapped), timeout);
  AcquireAsWriter(this);
  return result;
}

STATUSINFO_NO_TSAN bool Mutex::LockWhenWithDeadline(const Condition& cond,
                                                    Time deadline) {
  STATUSINFO_REAL(bool (*)(Mutex*, const Condition&, Time), "_ZN",
                  "5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  WrappedCondition wrapped{&cond, this, false};
  const bool result = real(this, Condition(&EvalWrapped, &wrapped), deadline);
  AcquireAsWriter(this);
  return result;
}

STATUSINFO_NO_TSAN void Mutex::ReaderLockWhen(const Condition& cond) {
  STATUSINFO_REAL(void (*)(Mutex*, const Condition&), "_ZN",
                  "5Mutex14ReaderLockWhenERKNS0_9ConditionE");
  WrappedCondition wrapped{&cond, this, true};
  real(this, Condition(&EvalWrapped, &wrapped));
  AcquireAsReader(this);
}

STATUSINFO_NO_TSAN bool Mutex::ReaderLockWhenWithTimeout(const Condition& cond,
                                                         Duration timeout) {
  STATUSINFO_REAL(
      bool (*)(Mutex*, const Condition&, Duration), "_ZN",
      "5Mutex25ReaderLockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  WrappedCondition wrapped{&cond, this, true};
  const bool result = real(this, Condition(&EvalWrapped, &wrapped), timeout);
  AcquireAsReader(this);
  return result;
}

STATUSINFO_NO_TSAN bool Mutex::ReaderLockWhenWithDeadline(const Condition& cond,
                                                          Time deadline) {
  STATUSINFO_REAL(
      bool (*)(Mutex*, const Condition&, Time), "_ZN",
      "5Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  WrappedCondition wrapped{&cond, this, true};
  const bool result = real(this, Condition(&EvalWrapped, &wrapped), deadline);
  AcquireAsReader(this);
  return result;
}

// Await and CondVar::Wait give the mutex up while they wait and take it back
// before they return. (Called with the mutex held for writing, as our code
// and gRPC do.)
STATUSINFO_NO_TSAN void Mutex::Await(const Condition& cond) {
  STATUSINFO_REAL(void (*)(Mutex*, const Condition&), "_ZN",
                  "5Mutex5AwaitERKNS0_9ConditionE");
  WrappedCondition wrapped{&cond, this, false};
  __tsan_release(WriterClock(this));
  real(this, Condition(&EvalWrapped, &wrapped));
  AcquireAsWriter(this);
}

STATUSINFO_NO_TSAN bool Mutex::AwaitWithTimeout(const Condition& cond,
                                                Duration timeout) {
  STATUSINFO_REAL(bool (*)(Mutex*, const Condition&, Duration), "_ZN",
                  "5Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  WrappedCondition wrapped{&cond, this, false};
  __tsan_release(WriterClock(this));
  const bool result = real(this, Condition(&EvalWrapped, &wrapped), timeout);
  AcquireAsWriter(this);
  return result;
}

STATUSINFO_NO_TSAN bool Mutex::AwaitWithDeadline(const Condition& cond,
                                                 Time deadline) {
  STATUSINFO_REAL(bool (*)(Mutex*, const Condition&, Time), "_ZN",
                  "5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  WrappedCondition wrapped{&cond, this, false};
  __tsan_release(WriterClock(this));
  const bool result = real(this, Condition(&EvalWrapped, &wrapped), deadline);
  AcquireAsWriter(this);
  return result;
}

STATUSINFO_NO_TSAN void CondVar::Wait(Mutex* mu) {
  STATUSINFO_REAL(void (*)(CondVar*, Mutex*), "_ZN",
                  "7CondVar4WaitEPNS0_5MutexE");
  __tsan_release(WriterClock(mu));
  real(this, mu);
  AcquireAsWriter(mu);
}

STATUSINFO_NO_TSAN bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  STATUSINFO_REAL(bool (*)(CondVar*, Mutex*, Duration), "_ZN",
                  "7CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE");
  __tsan_release(WriterClock(mu));
  const bool result = real(this, mu, timeout);
  AcquireAsWriter(mu);
  return result;
}

STATUSINFO_NO_TSAN bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  STATUSINFO_REAL(bool (*)(CondVar*, Mutex*, Time), "_ZN",
                  "7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  __tsan_release(WriterClock(mu));
  const bool result = real(this, mu, deadline);
  AcquireAsWriter(mu);
  return result;
}

ABSL_NAMESPACE_END
}  // namespace absl

// ---- gRPC: batch start -> completion ---------------------------------------

namespace {

using FunctorRun = void (*)(grpc_completion_queue_functor*, int);

// A lock that ThreadSanitizer does not see (its atomics are not
// instrumented in a no_sanitize function), so that the bookkeeping below
// does not order the threads that use it.
class QuietLock {
 public:
  STATUSINFO_NO_TSAN void Lock() {
    while (__atomic_exchange_n(&locked_, true, __ATOMIC_ACQUIRE)) {
    }
  }
  STATUSINFO_NO_TSAN void Unlock() {
    __atomic_store_n(&locked_, false, __ATOMIC_RELEASE);
  }

 private:
  bool locked_ = false;
};

// The executable address ranges of the process, from /proc/self/maps, read
// with raw system calls (which ThreadSanitizer does not intercept).
struct Range {
  uintptr_t begin, end;
  bool executable;
};
constexpr int kMaxRanges = 4096;
Range g_ranges[kMaxRanges];
int g_range_count = 0;
QuietLock g_ranges_lock;

STATUSINFO_NO_TSAN void ReadMaps() {
  static char buffer[1 << 20];
  const long fd = syscall(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY);
  if (fd < 0) return;
  size_t size = 0;
  for (;;) {
    const long n =
        syscall(SYS_read, fd, buffer + size, sizeof buffer - 1 - size);
    if (n <= 0) break;
    size += static_cast<size_t>(n);
  }
  syscall(SYS_close, fd);
  buffer[size] = '\0';
  g_range_count = 0;
  for (char* line = buffer; *line != '\0' && g_range_count < kMaxRanges;) {
    char* next = std::strchr(line, '\n');
    if (next != nullptr) *next = '\0';
    char* dash = nullptr;
    const uintptr_t begin = std::strtoull(line, &dash, 16);
    char* space = nullptr;
    const uintptr_t end = std::strtoull(dash + 1, &space, 16);
    g_ranges[g_range_count++] = {begin, end, space[3] == 'x'};
    if (next == nullptr) break;
    line = next + 1;
  }
}

// Whether `p` points into executable memory; unknown addresses make the
// maps be read again (a library may have been loaded since).
STATUSINFO_NO_TSAN bool IsCode(const void* p) {
  const uintptr_t address = reinterpret_cast<uintptr_t>(p);
  g_ranges_lock.Lock();
  bool found = false, executable = false;
  for (int pass = 0; pass < 2 && !found; ++pass) {
    if (pass == 1 || g_range_count == 0) ReadMaps();
    for (int i = 0; i < g_range_count; ++i) {
      if (address >= g_ranges[i].begin && address < g_ranges[i].end) {
        found = true;
        executable = g_ranges[i].executable;
        break;
      }
    }
  }
  g_ranges_lock.Unlock();
  return executable;
}

// The original functor_run of every callback tag that was wrapped.
constexpr size_t kSlots = 1 << 16;
struct Slot {
  grpc_completion_queue_functor* tag;
  FunctorRun run;
};
Slot g_slots[kSlots];
QuietLock g_slots_lock;

STATUSINFO_NO_TSAN size_t SlotOf(const void* tag) {
  return (reinterpret_cast<uintptr_t>(tag) >> 4) * 0x9E3779B97F4A7C15ull >> 48;
}

STATUSINFO_NO_TSAN void Remember(grpc_completion_queue_functor* tag,
                                 FunctorRun run) {
  g_slots_lock.Lock();
  size_t i = SlotOf(tag);
  // Open addressing; a tag seen before keeps its slot.
  for (size_t probe = 0; probe < kSlots; ++probe, i = (i + 1) % kSlots) {
    if (g_slots[i].tag == tag || g_slots[i].tag == nullptr) {
      g_slots[i] = {tag, run};
      g_slots_lock.Unlock();
      return;
    }
  }
  g_slots_lock.Unlock();
  std::fprintf(stderr, "tsan_annotations: too many callback tags\n");
  std::abort();
}

STATUSINFO_NO_TSAN FunctorRun Recall(grpc_completion_queue_functor* tag) {
  g_slots_lock.Lock();
  size_t i = SlotOf(tag);
  FunctorRun run = nullptr;
  for (size_t probe = 0; probe < kSlots && g_slots[i].tag != nullptr;
       ++probe, i = (i + 1) % kSlots) {
    if (g_slots[i].tag == tag) {
      run = g_slots[i].run;
      break;
    }
  }
  g_slots_lock.Unlock();
  if (run == nullptr) {
    std::fprintf(stderr, "tsan_annotations: unknown callback tag\n");
    std::abort();
  }
  return run;
}

// Runs in place of a callback tag's functor_run: the completion happens
// after everything that preceded the start of the batch.
STATUSINFO_NO_TSAN void RunAfterAcquire(grpc_completion_queue_functor* tag,
                                        int ok) {
  const FunctorRun run = Recall(tag);
  __tsan_acquire(tag);
  run(tag, ok);
}

// Called with every tag gRPC will complete. A callback tag (the callback
// API's, a grpc_completion_queue_functor) starts with a function pointer;
// any other tag of the C++ API is a polymorphic object, which starts with a
// vtable pointer (data, not code).
STATUSINFO_NO_TSAN void BeforeStart(void* tag) {
  if (tag == nullptr) return;
  __tsan_release(tag);
  auto* functor = static_cast<grpc_completion_queue_functor*>(tag);
  const FunctorRun run = functor->functor_run;
  if (run == &RunAfterAcquire) return;  // wrapped before, still is
  if (!IsCode(reinterpret_cast<const void*>(run))) return;
  Remember(functor, run);
  functor->functor_run = &RunAfterAcquire;
}

}  // namespace

extern "C" {

STATUSINFO_NO_TSAN grpc_call_error grpc_call_start_batch(grpc_call* call,
                                                         const grpc_op* ops,
                                                         size_t nops, void* tag,
                                                         void* reserved) {
  static const auto real = reinterpret_cast<grpc_call_error (*)(
      grpc_call*, const grpc_op*, size_t, void*, void*)>(
      dlsym(RTLD_NEXT, "grpc_call_start_batch"));
  BeforeStart(tag);
  return real(call, ops, nops, tag, reserved);
}

STATUSINFO_NO_TSAN grpc_call_error grpc_server_request_call(
    grpc_server* server, grpc_call** call, grpc_call_details* details,
    grpc_metadata_array* request_metadata,
    grpc_completion_queue* cq_bound_to_call,
    grpc_completion_queue* cq_for_notification, void* tag_new) {
  static const auto real = reinterpret_cast<grpc_call_error (*)(
      grpc_server*, grpc_call**, grpc_call_details*, grpc_metadata_array*,
      grpc_completion_queue*, grpc_completion_queue*, void*)>(
      dlsym(RTLD_NEXT, "grpc_server_request_call"));
  BeforeStart(tag_new);
  return real(server, call, details, request_metadata, cq_bound_to_call,
              cq_for_notification, tag_new);
}

STATUSINFO_NO_TSAN grpc_call_error grpc_server_request_registered_call(
    grpc_server* server, void* registered_method, grpc_call** call,
    gpr_timespec* deadline, grpc_metadata_array* request_metadata,
    grpc_byte_buffer** optional_payload,
    grpc_completion_queue* cq_bound_to_call,
    grpc_completion_queue* cq_for_notification, void* tag_new) {
  static const auto real = reinterpret_cast<grpc_call_error (*)(
      grpc_server*, void*, grpc_call**, gpr_timespec*, grpc_metadata_array*,
      grpc_byte_buffer**, grpc_completion_queue*, grpc_completion_queue*,
      void*)>(dlsym(RTLD_NEXT, "grpc_server_request_registered_call"));
  BeforeStart(tag_new);
  return real(server, registered_method, call, deadline, request_metadata,
              optional_payload, cq_bound_to_call, cq_for_notification, tag_new);
}

STATUSINFO_NO_TSAN grpc_event grpc_completion_queue_next(
    grpc_completion_queue* cq, gpr_timespec deadline, void* reserved) {
  static const auto real = reinterpret_cast<grpc_event (*)(
      grpc_completion_queue*, gpr_timespec, void*)>(
      dlsym(RTLD_NEXT, "grpc_completion_queue_next"));
  const grpc_event event = real(cq, deadline, reserved);
  if (event.type == GRPC_OP_COMPLETE) __tsan_acquire(event.tag);
  return event;
}

STATUSINFO_NO_TSAN grpc_event
grpc_completion_queue_pluck(grpc_completion_queue* cq, void* tag,
                            gpr_timespec deadline, void* reserved) {
  static const auto real = reinterpret_cast<grpc_event (*)(
      grpc_completion_queue*, void*, gpr_timespec, void*)>(
      dlsym(RTLD_NEXT, "grpc_completion_queue_pluck"));
  const grpc_event event = real(cq, tag, deadline, reserved);
  if (event.type == GRPC_OP_COMPLETE) __tsan_acquire(event.tag);
  return event;
}

}  // extern "C"

// ---- gRPC: a server callback call's last callback -> OnDone ----------------

// ServerCallbackCall is [vtable][on_cancel_conditions_remaining_]
// [callbacks_outstanding_] in gRPC 1.51 (server_callback.h).
static_assert(sizeof(grpc::internal::ServerCallbackCall) ==
                  sizeof(void*) + 2 * sizeof(std::atomic_int),
              "ServerCallbackCall's layout changed: update "
              "CallbacksOutstanding()");

namespace {

STATUSINFO_NO_TSAN void* CallbacksOutstanding(
    grpc::internal::ServerCallbackCall* call) {
  return reinterpret_cast<char*>(call) + sizeof(void*) +
         sizeof(std::atomic_int);
}

}  // namespace

namespace grpc::internal {

// Runs (or schedules) OnDone once the count is zero. Every instrumented
// decrement released into the counter; acquiring it here orders OnDone, and
// the destruction of the call and reactor, after each callback.
STATUSINFO_NO_TSAN void ServerCallbackCall::ScheduleOnDone(bool inline_ondone) {
  static const auto real =
      reinterpret_cast<void (*)(ServerCallbackCall*, bool)>(
          dlsym(RTLD_NEXT,
                "_ZN4grpc8internal18ServerCallbackCall14ScheduleOnDoneEb"));
  __tsan_acquire(CallbacksOutstanding(this));
  real(this, inline_ondone);
}

}  // namespace grpc::internal
