// The header fields the conformance rules read, and where they are in one
// list of header lines. Each line's name is identified once, when the table
// is built; a rule then finds a field by an array read instead of comparing
// names itself. Names compare case-insensitively (RFC 9110, Section 5.1).
// The table refers to the lines, so they must outlive it. Not part of the
// core's interface.
//
// Example:
//
//   FieldTable fields(request.headers());
//   if (fields.count(Field::kDate) > 1) { ... }       // Date repeated
//   absl::string_view type = fields.first(Field::kContentType);
//   int chunked = fields.CountMembers(Field::kTransferEncoding,
//                                     [](absl::string_view coding) {
//     return absl::EqualsIgnoreCase(coding, "chunked");
//   });
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_FIELD_TABLE_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_FIELD_TABLE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "absl/strings/string_view.h"
#include "service/core/http_grammar.h"
#include "service/core/limits.h"
#include "statusinfo/v1/conformance.pb.h"

namespace statusinfo::core {

// The header fields some rule looks at. Identifying each header once per
// request lets every rule find a field with an array read.
enum class Field : std::uint8_t {
  kOther,
  kAllow,
  kCacheControl,
  kConnection,
  kContentEncoding,
  kContentLanguage,
  kContentLength,
  kContentLocation,
  kContentRange,
  kContentType,
  kDate,
  kEarlyData,
  kETag,
  kExpires,
  kIfMatch,
  kIfModifiedSince,
  kIfNoneMatch,
  kIfRange,
  kIfUnmodifiedSince,
  kLastModified,
  kLink,
  kLocation,
  kProxyAuthenticate,
  kRange,
  kRetryAfter,
  kTransferEncoding,
  kUpgrade,
  kVary,
  kWwwAuthenticate,
  kCount,
};

// The field a header name denotes (names compare case-insensitively,
// RFC 9110, Section 5.1); kOther when no rule cares about it.
Field IdentifyField(absl::string_view name);

// The usual capitalisation of a field's name, e.g. "WWW-Authenticate".
absl::string_view FieldName(Field field);

// Where the known fields are in one list of header lines. Each name is
// identified once, here; the rules then find fields by array reads. A line
// whose value is over kMaxHeaderValueBytes counts as kOther: no rule reads
// it (request-field-over-limit reports it).
class FieldTable {
 public:
  using Headers =
      google::protobuf::RepeatedPtrField<::statusinfo::v1::HttpHeader>;

  explicit FieldTable(const Headers& headers);

  int count(Field field) const { return count_[Index(field)]; }
  bool has(Field field) const { return count(field) > 0; }
  // The value of the first line of `field`; empty when there is none.
  absl::string_view first(Field field) const;

  // Calls `visit(value)` for every line of `field`, in order.
  template <typename Visit>
  void ForEach(Field field, Visit visit) const {
    if (!has(field)) return;
    for (int i = first_[Index(field)]; i <= last_[Index(field)]; ++i) {
      if (IdAt(i) == field) visit(headers_.Get(i).value());
    }
  }

  // The first of `fields` that is present; kOther when none is.
  Field FirstPresent(std::initializer_list<Field> fields) const {
    for (Field field : fields) {
      if (has(field)) return field;
    }
    return Field::kOther;
  }

  // True when `match(value)` holds for a line of `field`.
  template <typename Match>
  bool AnyLine(Field field, Match match) const {
    bool found = false;
    ForEach(field,
            [&](absl::string_view value) { found = found || match(value); });
    return found;
  }

  // How many members of the comma-separated lists (RFC 9110, Section 5.6.1)
  // on the lines of `field` satisfy `match(member)`. Members are split as
  // ForEachListMember splits them: at every comma, even one inside a
  // quoted string, which is right for the token lists the rules count.
  template <typename Match>
  int CountMembers(Field field, Match match) const {
    int count = 0;
    ForEach(field, [&](absl::string_view value) {
      ForEachListMember(value, [&](absl::string_view member) {
        if (match(member)) ++count;
        return true;
      });
    });
    return count;
  }

 private:
  static std::size_t Index(Field field) {
    return static_cast<std::size_t>(field);
  }
  // Requests within the limits have their ids cached; a longer list (the
  // caller skipped CheckResponseLimits) is still handled, just slower.
  Field IdAt(int i) const {
    return i < kMaxHeaders ? ids_[i] : IdentifyField(headers_.Get(i).name());
  }

  const Headers& headers_;
  std::array<int, static_cast<std::size_t>(Field::kCount)> first_{};
  std::array<int, static_cast<std::size_t>(Field::kCount)> last_{};
  std::array<int, static_cast<std::size_t>(Field::kCount)> count_{};
  std::array<Field, kMaxHeaders> ids_;
};

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_FIELD_TABLE_H_
