#include "service/http/http_rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/api/annotations.pb.h"
#include "google/api/http.pb.h"

namespace statusinfo::http {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

absl::Status RuleError(const MethodDescriptor& method,
                       absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      method.full_name(), ": google.api.http rule not served: ", problem));
}

// The HTTP method and path template of `rule`, or an error for a custom or
// missing pattern.
absl::Status MethodAndPattern(const MethodDescriptor& method,
                              const google::api::HttpRule& rule,
                              HttpRoute& route) {
  using google::api::HttpRule;
  switch (rule.pattern_case()) {
    case HttpRule::kGet:
      route.http_method = "GET";
      route.pattern = rule.get();
      break;
    case HttpRule::kPost:
      route.http_method = "POST";
      route.pattern = rule.post();
      break;
    case HttpRule::kPut:
      route.http_method = "PUT";
      route.pattern = rule.put();
      break;
    case HttpRule::kPatch:
      route.http_method = "PATCH";
      route.pattern = rule.patch();
      break;
    case HttpRule::kDelete:
      route.http_method = "DELETE";
      route.pattern = rule.delete_();
      break;
    default:
      return RuleError(method, "no get, post, put, patch or delete pattern");
  }
  return absl::OkStatus();
}

// Splits route.pattern into segments and verb, checking each variable
// against the request type.
absl::Status ParsePattern(const MethodDescriptor& method, HttpRoute& route) {
  absl::string_view path = route.pattern;
  if (!absl::ConsumePrefix(&path, "/") || path.empty()) {
    return RuleError(method, "the path must start with '/' and not be '/'");
  }
  // The verb follows the last segment's last colon (outside a variable).
  const size_t colon = path.rfind(':');
  if (colon != absl::string_view::npos && path.find('}', colon) == path.npos) {
    route.verb = std::string(path.substr(colon + 1));
    path = path.substr(0, colon);
  }
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    HttpRoute::Segment s;
    if (absl::ConsumePrefix(&segment, "{")) {
      if (!absl::ConsumeSuffix(&segment, "}") ||
          absl::StrContains(segment, '=') || absl::StrContains(segment, '.')) {
        return RuleError(method, "only \"{field}\" variables are served");
      }
      const FieldDescriptor* field =
          method.input_type()->FindFieldByName(std::string(segment));
      if (field == nullptr || field->is_repeated() ||
          field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        return RuleError(
            method, absl::StrCat("{", segment, "} is not a scalar field of ",
                                 method.input_type()->name()));
      }
      s.is_variable = true;
    } else if (segment.empty() || absl::StrContains(segment, '{') ||
               absl::StrContains(segment, '*')) {
      return RuleError(method, "only literal and \"{field}\" segments");
    }
    s.text = std::string(segment);
    route.segments.push_back(std::move(s));
  }
  return absl::OkStatus();
}

absl::StatusOr<HttpRoute> RouteOf(const MethodDescriptor& method,
                                  const google::api::HttpRule& rule) {
  if (rule.additional_bindings_size() > 0) {
    return RuleError(method, "additional_bindings");
  }
  if (!rule.body().empty() && rule.body() != "*") {
    return RuleError(method, "a body other than \"*\"");
  }
  if (!rule.response_body().empty()) return RuleError(method, "response_body");
  HttpRoute route;
  route.method = &method;
  route.body = rule.body();
  if (absl::Status s = MethodAndPattern(method, rule, route); !s.ok()) return s;
  if (absl::Status s = ParsePattern(method, route); !s.ok()) return s;
  return route;
}

// The bindings of `segments` (the path's, verb removed) to `route`'s, or
// false when they do not match.
bool MatchSegments(const HttpRoute& route,
                   const std::vector<absl::string_view>& segments,
                   std::vector<Binding>& bindings) {
  if (segments.size() != route.segments.size()) return false;
  bindings.clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    const HttpRoute::Segment& want = route.segments[i];
    if (!want.is_variable) {
      if (segments[i] != want.text) return false;
      continue;
    }
    std::string value;
    // A segment that does not decode matches no variable: 404, as for any
    // other path the table lacks.
    if (segments[i].empty() || !PercentDecode(segments[i], value)) {
      return false;
    }
    bindings.emplace_back(want.text, std::move(value));
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<RouteTable> RouteTable::FromService(
    const google::protobuf::ServiceDescriptor& service) {
  RouteTable table;
  for (int i = 0; i < service.method_count(); ++i) {
    const MethodDescriptor& method = *service.method(i);
    if (!method.options().HasExtension(google::api::http)) continue;
    if (method.client_streaming() || method.server_streaming()) {
      return RuleError(method, "a streaming method");
    }
    absl::StatusOr<HttpRoute> route =
        RouteOf(method, method.options().GetExtension(google::api::http));
    if (!route.ok()) return route.status();
    table.routes_.push_back(*std::move(route));
  }
  return table;
}

RouteMatch RouteTable::Match(absl::string_view http_method,
                             absl::string_view path) const {
  RouteMatch match;
  if (!absl::ConsumePrefix(&path, "/")) return match;
  // Without the verb: its colon is the last one of the last segment.
  absl::string_view verb;
  const size_t slash = path.rfind('/');
  const size_t colon = path.rfind(':');
  absl::string_view with_verb_removed = path;
  if (colon != path.npos && (slash == path.npos || colon > slash)) {
    verb = path.substr(colon + 1);
    with_verb_removed = path.substr(0, colon);
  }
  const std::vector<absl::string_view> with_verb = absl::StrSplit(path, '/');
  const std::vector<absl::string_view> without_verb =
      absl::StrSplit(with_verb_removed, '/');
  std::vector<Binding> bindings;
  for (const HttpRoute& route : routes_) {
    // A route without a verb takes the whole path: a colon may then be part
    // of a variable's value.
    const bool matches = route.verb.empty()
                             ? MatchSegments(route, with_verb, bindings)
                             : verb == route.verb &&
                                   MatchSegments(route, without_verb, bindings);
    if (!matches) continue;
    if (route.http_method == http_method) {
      match.route = &route;
      match.bindings = std::move(bindings);
      match.allowed_methods.clear();
      return match;
    }
    if (std::find(match.allowed_methods.begin(), match.allowed_methods.end(),
                  route.http_method) == match.allowed_methods.end()) {
      match.allowed_methods.push_back(route.http_method);
    }
  }
  return match;
}

bool PercentDecode(absl::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return false;
    const int high = HexValue(text[i + 1]);
    const int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return false;
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return true;
}

}  // namespace statusinfo::http
