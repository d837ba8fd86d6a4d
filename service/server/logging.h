// Structured logs: one line per event on standard error, either one JSON
// object a line (for log collectors) or `key=value` text (for people).
//
// Every line has a timestamp, a level and an event name; the fields follow.
// Emitting builds the whole line first and writes it with one write(2), so
// lines from different threads never interleave.
//
// Example:
//
//   SetLogOptions(LogFormat::kJson, LogLevel::kInfo);
//   LogEvent(LogLevel::kInfo, "serving").Add("port", 50051).Add("tls", false);
//   // {"ts":"2024-05-01T09:00:00.000000Z","level":"info","event":"serving",
//   //  "port":50051,"tls":false}
//
// Callers on a hot path test LogEnabled() (or a sampling decision) before
// building an event, so that a disabled log costs one relaxed atomic load.
#ifndef STATUSINFO_SERVICE_SERVER_LOGGING_H_
#define STATUSINFO_SERVICE_SERVER_LOGGING_H_

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusinfo::server {

enum class LogLevel { kDebug, kInfo, kWarning, kError };
enum class LogFormat { kJson, kText };

// Flag support, so that --log_level and --log_format reject bad values when
// the command line is parsed: "debug", "info", "warning", "error"; "json",
// "text".
bool AbslParseFlag(absl::string_view text, LogLevel* level, std::string* error);
std::string AbslUnparseFlag(LogLevel level);
bool AbslParseFlag(absl::string_view text, LogFormat* format,
                   std::string* error);
std::string AbslUnparseFlag(LogFormat format);

// Sets the format and the lowest level written. Defaults: JSON, info.
void SetLogOptions(LogFormat format, LogLevel level);

// Where lines go (each ends in '\n'). Null restores standard error. For
// tests.
void SetLogSinkForTesting(std::function<void(absl::string_view)> sink);

// Sends gRPC's own log messages (gpr_log: handshake failures, GOAWAYs...)
// through this log as "grpc" events, so that standard error stays one
// format. gRPC's GRPC_VERBOSITY (default ERROR) still filters them first.
//
// With `hold`, messages are kept back until ReleaseGrpcLogs(), so that a
// start-up failure can be one line: main takes them with TakeHeldGrpcLogs()
// and puts them in its error line (e.g. "bind: Address already in use").
void RouteGrpcLogs(bool hold = false);
// The messages held so far, joined with "; ", and forgets them.
std::string TakeHeldGrpcLogs();
// Writes the held messages and stops holding.
void ReleaseGrpcLogs();

// Sends protobuf's own log messages through this log as "protobuf" events.
// protobuf complains at error level about every string field that is not
// UTF-8 in a message it parses; in a request that is the client's mistake,
// and the client is told (core::ParseRequest), so that complaint is written
// at debug level: otherwise any client could fill the log with errors.
void RouteProtobufLogs();

// True when events of `level` are written.
bool LogEnabled(LogLevel level);

// Fields of an event, possibly nested (a JSON object; "a.b=" in text).
class LogFields {
 public:
  LogFields& Add(absl::string_view key, absl::string_view value);
  LogFields& Add(absl::string_view key, const char* value) {
    return Add(key, absl::string_view(value));
  }
  LogFields& Add(absl::string_view key, const std::string& value) {
    return Add(key, absl::string_view(value));
  }
  LogFields& Add(absl::string_view key, int64_t value);
  LogFields& Add(absl::string_view key, int value) {
    return Add(key, static_cast<int64_t>(value));
  }
  LogFields& Add(absl::string_view key, uint64_t value) {
    return Add(key, static_cast<int64_t>(value));
  }
  LogFields& Add(absl::string_view key, double value);
  LogFields& Add(absl::string_view key, bool value);
  // Durations appear as absl::FormatDuration writes them: "1.5s", "inf".
  LogFields& Add(absl::string_view key, absl::Duration value);
  LogFields& Add(absl::string_view key, LogFields nested);

  void AppendJson(std::string& out) const;
  void AppendText(absl::string_view prefix, std::string& out) const;

 private:
  struct Field;
  std::vector<Field> fields_;
};

// One event, written when it goes out of scope (if its level is enabled).
class LogEvent {
 public:
  LogEvent(LogLevel level, absl::string_view event);
  ~LogEvent();
  LogEvent(const LogEvent&) = delete;
  LogEvent& operator=(const LogEvent&) = delete;

  template <typename T>
  LogEvent& Add(absl::string_view key, T&& value) {
    if (enabled_) fields_.Add(key, std::forward<T>(value));
    return *this;
  }

 private:
  const LogLevel level_;
  const bool enabled_;
  std::string event_;
  LogFields fields_;
};

struct LogFields::Field {
  std::string key;
  std::variant<std::string, int64_t, double, bool, LogFields> value;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_LOGGING_H_
