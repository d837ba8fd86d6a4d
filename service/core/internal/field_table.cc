#include "service/core/internal/field_table.h"

#include "absl/strings/match.h"

namespace statusinfo::core {
namespace {

struct KnownField {
  Field field;
  absl::string_view name;
};

constexpr KnownField kKnownFields[] = {
    {Field::kAllow, "Allow"},
    {Field::kCacheControl, "Cache-Control"},
    {Field::kConnection, "Connection"},
    {Field::kContentEncoding, "Content-Encoding"},
    {Field::kContentLanguage, "Content-Language"},
    {Field::kContentLength, "Content-Length"},
    {Field::kContentLocation, "Content-Location"},
    {Field::kContentRange, "Content-Range"},
    {Field::kContentType, "Content-Type"},
    {Field::kDate, "Date"},
    {Field::kEarlyData, "Early-Data"},
    {Field::kETag, "ETag"},
    {Field::kExpires, "Expires"},
    {Field::kIfMatch, "If-Match"},
    {Field::kIfModifiedSince, "If-Modified-Since"},
    {Field::kIfNoneMatch, "If-None-Match"},
    {Field::kIfRange, "If-Range"},
    {Field::kIfUnmodifiedSince, "If-Unmodified-Since"},
    {Field::kLastModified, "Last-Modified"},
    {Field::kLink, "Link"},
    {Field::kLocation, "Location"},
    {Field::kProxyAuthenticate, "Proxy-Authenticate"},
    {Field::kRange, "Range"},
    {Field::kRetryAfter, "Retry-After"},
    {Field::kTransferEncoding, "Transfer-Encoding"},
    {Field::kUpgrade, "Upgrade"},
    {Field::kVary, "Vary"},
    {Field::kWwwAuthenticate, "WWW-Authenticate"},
};

}  // namespace

Field IdentifyField(absl::string_view name) {
  for (const KnownField& known : kKnownFields) {
    if (known.name.size() == name.size() &&
        absl::EqualsIgnoreCase(known.name, name)) {
      return known.field;
    }
  }
  return Field::kOther;
}

absl::string_view FieldName(Field field) {
  for (const KnownField& known : kKnownFields) {
    if (known.field == field) return known.name;
  }
  return "";
}

FieldTable::FieldTable(const Headers& headers) : headers_(headers) {
  for (int i = 0; i < headers.size(); ++i) {
    // A value over the size limit (possible only in a request's header
    // fields, which CheckResponseLimits lets through) is left out: no rule
    // reads it, and request-field-over-limit reports it.
    const Field field = headers.Get(i).value().size() > kMaxHeaderValueBytes
                            ? Field::kOther
                            : IdentifyField(headers.Get(i).name());
    if (i < kMaxHeaders) ids_[i] = field;
    const std::size_t index = Index(field);
    if (count_[index]++ == 0) first_[index] = i;
    last_[index] = i;
  }
}

absl::string_view FieldTable::first(Field field) const {
  if (!has(field)) return {};
  return headers_.Get(first_[Index(field)]).value();
}

}  // namespace statusinfo::core
