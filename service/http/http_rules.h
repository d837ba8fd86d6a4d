// The HTTP routes of a service, read from the google.api.http annotations of
// its methods (AIP-127), so that the proto stays the one contract of both
// transports.
//
// A route is an HTTP method and a path template: literal segments,
// single-segment variables naming a field of the request ("{code}"), and
// an optional custom verb (":search"). `body` is "*" (the whole request is
// the JSON body) or empty (the fields not bound by the path are query
// parameters). Only this subset of google.api.HttpRule is served; a rule
// outside it (a "{name=**}" pattern, a body naming one field, additional
// bindings, a custom HTTP method) is refused at start-up with the method
// named. Methods without a rule, and streaming ones, have no route.
//
// Example:
//
//   absl::StatusOr<RouteTable> routes = RouteTable::FromService(*service);
//   RouteMatch match = routes->Match("GET", "/v1/statusCodes/404");
//   // match.route->method->name() == "GetStatusCode",
//   // match.bindings == {{"code", "404"}}
#ifndef STATUSINFO_SERVICE_HTTP_HTTP_RULES_H_
#define STATUSINFO_SERVICE_HTTP_HTTP_RULES_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace statusinfo::http {

struct HttpRoute {
  // "GET" or "POST" (the rule's get, post, put, patch or delete).
  std::string http_method;
  // The path template as the annotation writes it, e.g.
  // "/v1/statusCodes/{code}".
  std::string pattern;
  // One entry per segment: a literal, or a field name when `is_variable`.
  struct Segment {
    std::string text;
    bool is_variable = false;
  };
  std::vector<Segment> segments;
  // The custom verb without its colon ("search"); empty for none.
  std::string verb;
  // "*" or empty.
  std::string body;
  const google::protobuf::MethodDescriptor* method = nullptr;
};

// A path variable's field name and its value, percent-decoded.
using Binding = std::pair<std::string, std::string>;

struct RouteMatch {
  // The route of the request's method and path; null when none.
  const HttpRoute* route = nullptr;
  std::vector<Binding> bindings;
  // When `route` is null: the methods the path has routes for (empty: the
  // path has none, 404; otherwise 405 with these in Allow), in table order.
  std::vector<std::string> allowed_methods;
};

class RouteTable {
 public:
  // The routes of every unary method of `service` that has a
  // google.api.http rule. INVALID_ARGUMENT naming the method for a rule
  // outside the subset above, or a variable that is not a scalar field of
  // the request.
  static absl::StatusOr<RouteTable> FromService(
      const google::protobuf::ServiceDescriptor& service);

  // `path` is the request target's path, without the query, as sent (still
  // percent-encoded).
  RouteMatch Match(absl::string_view http_method, absl::string_view path) const;

  const std::vector<HttpRoute>& routes() const { return routes_; }

 private:
  std::vector<HttpRoute> routes_;
};

// Percent-decodes `text` into `out` (RFC 3986, Section 2.1). False when a
// '%' is not followed by two hex digits.
bool PercentDecode(absl::string_view text, std::string& out);

}  // namespace statusinfo::http

#endif  // STATUSINFO_SERVICE_HTTP_HTTP_RULES_H_
