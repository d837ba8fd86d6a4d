#include "service/server/logging.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <mutex>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "google/protobuf/stubs/logging.h"
#include "grpc/support/log.h"

namespace statusinfo::server {
namespace {

// Read on every LogEnabled() call, so atomics rather than a lock.
std::atomic<LogLevel> g_level{LogLevel::kInfo};
std::atomic<LogFormat> g_format{LogFormat::kJson};

std::mutex& SinkMutex() {
  static auto* mu = new std::mutex;
  return *mu;
}

std::function<void(absl::string_view)>& Sink() {
  static auto* sink = new std::function<void(absl::string_view)>;
  return *sink;
}

constexpr absl::string_view kLevelNames[] = {"debug", "info", "warning",
                                             "error"};

absl::string_view LevelName(LogLevel level) {
  return kLevelNames[static_cast<int>(level)];
}

// Writes all of `line` to standard error, retrying short writes.
void WriteStderr(absl::string_view line) {
  while (!line.empty()) {
    ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    line.remove_prefix(static_cast<size_t>(n));
  }
}

void AppendJsonString(absl::string_view s, std::string& out) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// Text values are bare unless they need quotes to stay one token.
void AppendTextString(absl::string_view s, std::string& out) {
  bool bare = !s.empty();
  for (char c : s) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' ||
        static_cast<unsigned char>(c) < 0x20) {
      bare = false;
      break;
    }
  }
  if (bare) {
    out.append(s.data(), s.size());
  } else {
    AppendJsonString(s, out);
  }
}

std::string FormatDouble(double value) {
  // JSON has no NaN or infinity.
  if (!std::isfinite(value)) return "null";
  return absl::StrFormat("%.6g", value);
}

struct HeldGrpcLogs {
  std::mutex mu;
  bool holding = false;
  std::vector<std::pair<LogLevel, std::string>> messages;
};

HeldGrpcLogs& Held() {
  static auto* held = new HeldGrpcLogs;
  return *held;
}

void LogGrpcMessage(gpr_log_func_args* args) {
  const LogLevel level =
      args->severity == GPR_LOG_SEVERITY_ERROR  ? LogLevel::kError
      : args->severity == GPR_LOG_SEVERITY_INFO ? LogLevel::kInfo
                                                : LogLevel::kDebug;
  {
    std::lock_guard<std::mutex> lock(Held().mu);
    if (Held().holding) {
      Held().messages.emplace_back(level, args->message);
      return;
    }
  }
  LogEvent(level, "grpc")
      .Add("message", args->message)
      .Add("source", absl::StrCat(args->file, ":", args->line));
}

void LogProtobufMessage(google::protobuf::LogLevel severity, const char* file,
                        int line, const std::string& message) {
  LogLevel level =
      severity >= google::protobuf::LOGLEVEL_ERROR     ? LogLevel::kError
      : severity == google::protobuf::LOGLEVEL_WARNING ? LogLevel::kWarning
                                                       : LogLevel::kInfo;
  if (absl::StrContains(message, "contains invalid UTF-8 data when")) {
    level = LogLevel::kDebug;
  }
  if (!LogEnabled(level)) return;
  LogEvent(level, "protobuf")
      .Add("message", message)
      .Add("source", absl::StrCat(file, ":", line));
}

}  // namespace

bool AbslParseFlag(absl::string_view text, LogLevel* level,
                   std::string* error) {
  for (int i = 0; i < 4; ++i) {
    if (absl::EqualsIgnoreCase(text, kLevelNames[i])) {
      *level = static_cast<LogLevel>(i);
      return true;
    }
  }
  *error = "must be one of debug, info, warning, error";
  return false;
}

std::string AbslUnparseFlag(LogLevel level) {
  return std::string(LevelName(level));
}

bool AbslParseFlag(absl::string_view text, LogFormat* format,
                   std::string* error) {
  if (absl::EqualsIgnoreCase(text, "json")) {
    *format = LogFormat::kJson;
  } else if (absl::EqualsIgnoreCase(text, "text")) {
    *format = LogFormat::kText;
  } else {
    *error = "must be json or text";
    return false;
  }
  return true;
}

std::string AbslUnparseFlag(LogFormat format) {
  return format == LogFormat::kJson ? "json" : "text";
}

void SetLogOptions(LogFormat format, LogLevel level) {
  g_format.store(format, std::memory_order_relaxed);
  g_level.store(level, std::memory_order_relaxed);
}

void SetLogSinkForTesting(std::function<void(absl::string_view)> sink) {
  std::lock_guard<std::mutex> lock(SinkMutex());
  Sink() = std::move(sink);
}

void RouteGrpcLogs(bool hold) {
  {
    std::lock_guard<std::mutex> lock(Held().mu);
    Held().holding = hold;
  }
  gpr_set_log_function(LogGrpcMessage);
}

void RouteProtobufLogs() {
  google::protobuf::SetLogHandler(LogProtobufMessage);
}

std::string TakeHeldGrpcLogs() {
  std::lock_guard<std::mutex> lock(Held().mu);
  std::string joined;
  for (const auto& [level, message] : Held().messages) {
    absl::StrAppend(&joined, joined.empty() ? "" : "; ", message);
  }
  Held().messages.clear();
  return joined;
}

void ReleaseGrpcLogs() {
  std::vector<std::pair<LogLevel, std::string>> messages;
  {
    std::lock_guard<std::mutex> lock(Held().mu);
    Held().holding = false;
    messages.swap(Held().messages);
  }
  for (const auto& [level, message] : messages) {
    LogEvent(level, "grpc").Add("message", message);
  }
}

bool LogEnabled(LogLevel level) {
  return level >= g_level.load(std::memory_order_relaxed);
}

LogFields& LogFields::Add(absl::string_view key, absl::string_view value) {
  fields_.push_back({std::string(key), std::string(value)});
  return *this;
}
LogFields& LogFields::Add(absl::string_view key, int64_t value) {
  fields_.push_back({std::string(key), value});
  return *this;
}
LogFields& LogFields::Add(absl::string_view key, double value) {
  fields_.push_back({std::string(key), value});
  return *this;
}
LogFields& LogFields::Add(absl::string_view key, bool value) {
  fields_.push_back({std::string(key), value});
  return *this;
}
LogFields& LogFields::Add(absl::string_view key, absl::Duration value) {
  return Add(key, absl::FormatDuration(value));
}
LogFields& LogFields::Add(absl::string_view key, LogFields nested) {
  fields_.push_back({std::string(key), std::move(nested)});
  return *this;
}

void LogFields::AppendJson(std::string& out) const {
  out.push_back('{');
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(fields_[i].key, out);
    out.push_back(':');
    const auto& value = fields_[i].value;
    if (const auto* s = std::get_if<std::string>(&value)) {
      AppendJsonString(*s, out);
    } else if (const auto* n = std::get_if<int64_t>(&value)) {
      absl::StrAppend(&out, *n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      out += FormatDouble(*d);
    } else if (const auto* b = std::get_if<bool>(&value)) {
      out += *b ? "true" : "false";
    } else {
      std::get<LogFields>(value).AppendJson(out);
    }
  }
  out.push_back('}');
}

void LogFields::AppendText(absl::string_view prefix, std::string& out) const {
  for (const Field& field : fields_) {
    const std::string key = absl::StrCat(prefix, field.key);
    if (const auto* nested = std::get_if<LogFields>(&field.value)) {
      nested->AppendText(absl::StrCat(key, "."), out);
      continue;
    }
    absl::StrAppend(&out, " ", key, "=");
    if (const auto* s = std::get_if<std::string>(&field.value)) {
      AppendTextString(*s, out);
    } else if (const auto* n = std::get_if<int64_t>(&field.value)) {
      absl::StrAppend(&out, *n);
    } else if (const auto* d = std::get_if<double>(&field.value)) {
      out += FormatDouble(*d);
    } else {
      out += std::get<bool>(field.value) ? "true" : "false";
    }
  }
}

LogEvent::LogEvent(LogLevel level, absl::string_view event)
    : level_(level), enabled_(LogEnabled(level)) {
  if (enabled_) event_ = std::string(event);
}

LogEvent::~LogEvent() {
  if (!enabled_) return;
  const std::string ts = absl::FormatTime("%Y-%m-%d%ET%H:%M:%E6SZ", absl::Now(),
                                          absl::UTCTimeZone());
  std::string line;
  if (g_format.load(std::memory_order_relaxed) == LogFormat::kJson) {
    LogFields head;
    head.Add("ts", ts).Add("level", LevelName(level_)).Add("event", event_);
    head.AppendJson(line);
    // Splice the event's own fields into the same object.
    std::string fields;
    fields_.AppendJson(fields);
    if (fields.size() > 2) {
      line.pop_back();
      line.push_back(',');
      line.append(fields, 1, std::string::npos);
    }
  } else {
    absl::StrAppend(&line, ts, " ", absl::AsciiStrToUpper(LevelName(level_)),
                    " ", event_);
    fields_.AppendText("", line);
  }
  line.push_back('\n');
  std::lock_guard<std::mutex> lock(SinkMutex());
  if (Sink()) {
    Sink()(line);
  } else {
    WriteStderr(line);
  }
}

}  // namespace statusinfo::server
