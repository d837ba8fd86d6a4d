// The status-line parser. It is lenient where RFC 9112, Section 4 lets
// recipients be (it goes on after a bad separator or code, so that one call
// reports every problem) and strict in what it reports: each deviation from
// the grammar is a finding, in the order of the line.
#include "service/core/status_line.h"

#include <cstddef>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "service/core/errors.h"
#include "service/core/http_grammar.h"
#include "service/core/lookup.h"
#include "service/core/utf8.h"

namespace statusinfo::core {
namespace {

constexpr v1::Severity kError = v1::SEVERITY_ERROR;
constexpr v1::Severity kWarning = v1::SEVERITY_WARNING;
constexpr v1::Severity kInfo = v1::SEVERITY_INFO;

// Indexes into kStatusLineRules.
enum RuleIndex {
  kVersionSyntax,
  kVersionNoStatusLine,
  kVersionUnknown,
  kSeparator,
  kMissingSp,
  kCodeSyntax,
  kCodeRange,
  kPhraseChars,
  kBareCr,
  kBareLf,
  kCodeUnassigned,
  kPhraseFormer,
  kPhraseDiffers,
};

constexpr RuleInfo kStatusLineRules[] = {
    {"status-line-version-syntax", kError, "RFC 9112, Section 2.3",
     "The line starts with an HTTP-version: HTTP/ then digit.digit, "
     "case-sensitive."},
    {"status-line-version-no-status-line", kError, "RFC 9110, Section 6.2",
     "The version is not HTTP/2 or HTTP/3, which send the status as a "
     "pseudo-header field and have no status line."},
    {"status-line-version-unknown", kWarning, "RFC 9110, Section 6.2",
     "The version is one that has a status line: HTTP/1.0 or HTTP/1.1."},
    {"status-line-separator", kError, "RFC 9112, Section 4",
     "A single SP separates the version from the code, and the code from "
     "the reason phrase."},
    {"status-line-missing-sp", kError, "RFC 9112, Section 4",
     "The SP after the status code is sent even when the reason phrase is "
     "empty."},
    {"status-line-code-syntax", kError, "RFC 9112, Section 4",
     "The status code is exactly three digits."},
    {"status-line-code-range", kError, "RFC 9110, Section 15",
     "The status code is from 100 to 599."},
    {"status-line-phrase-chars", kError, "RFC 9112, Section 4",
     "The reason phrase holds only HTAB, SP, visible ASCII and obs-text "
     "octets."},
    {"status-line-bare-cr", kError, "RFC 9112, Section 2.2",
     "The line has no CR except in its CRLF terminator."},
    {"status-line-bare-lf", kWarning, "RFC 9112, Section 2.2",
     "The line ends with CRLF, not a bare LF."},
    {"status-line-code-unassigned", kInfo, "RFC 9110, Section 15",
     "The status code is assigned; an unknown code is treated as the x00 "
     "code of its class."},
    {"status-line-phrase-former", kInfo, "RFC 9110, Section 15.1",
     "The reason phrase is the code's current phrase, not a former one."},
    {"status-line-phrase-differs", kInfo, "RFC 9112, Section 4",
     "The reason phrase is the registered one (it is advisory: clients "
     "ignore it)."},
};

std::string Shown(absl::string_view text) {
  return absl::StrCat("\"", absl::CEscape(text.substr(0, 64)),
                      text.size() > 64 ? "...\"" : "\"");
}

std::string OctetName(char octet) {
  if (octet == '\n') return "LF";
  if (octet == '\0') return "NUL";
  return absl::StrCat(
      "0x", absl::Hex(static_cast<unsigned char>(octet), absl::kZeroPad2));
}

bool IsSeparator(char c) { return c == ' ' || c == '\t'; }

// reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ): only controls other
// than HTAB are excluded. CR is left to the bare-CR rule.
bool IsForbiddenInPhrase(char c) { return IsCtl(c) && c != '\t' && c != '\r'; }

class StatusLineParser {
 public:
  StatusLineParser(const Catalog& catalog, v1::ValidateStatusLineResponse& out)
      : catalog_(catalog), out_(out) {}

  void Parse(absl::string_view line) {
    const bool bare_lf = StripTerminator(line);
    const std::size_t bare_cr = line.find('\r');
    // A lone CR at the very end is a mistaken terminator; keep it out of the
    // phrase so that the phrase checks see the text.
    if (absl::EndsWith(line, "\r")) line.remove_suffix(1);
    ParseVersion(line);
    if (bare_cr != absl::string_view::npos) {
      Add(kBareCr,
          absl::StrCat("The line has a CR not followed by LF (at byte ",
                       bare_cr,
                       "); a sender must not generate a "
                       "bare CR"));
    }
    if (bare_lf) {
      Add(kBareLf,
          "The line ends with a bare LF; the line terminator is CRLF "
          "(a recipient may, but need not, accept a bare LF)");
    }
  }

 private:
  void Add(RuleIndex index, std::string message) {
    const RuleInfo& rule = kStatusLineRules[index];
    v1::Finding* finding = out_.add_findings();
    finding->set_rule_id(std::string{rule.id});
    finding->set_severity(rule.severity);
    finding->set_message(std::move(message));
    finding->set_reference(std::string{rule.reference});
  }

  // Removes a trailing CRLF (silently) or LF (returning true).
  static bool StripTerminator(absl::string_view& line) {
    if (absl::ConsumeSuffix(&line, "\r\n")) return false;
    return absl::ConsumeSuffix(&line, "\n");
  }

  void ParseVersion(absl::string_view line) {
    if (line.empty()) {
      Add(kVersionSyntax,
          "The status line is empty; it starts with the "
          "HTTP-version, e.g. \"HTTP/1.1 200 OK\"");
      return;
    }
    std::size_t end = 0;
    while (end < line.size() && !IsSeparator(line[end])) ++end;
    const absl::string_view version = line.substr(0, end);
    if (version == "HTTP/1.0" || version == "HTTP/1.1") {
      out_.set_http_version(std::string{version});
    } else if (version == "HTTP/2" || version == "HTTP/3" ||
               version == "HTTP/2.0" || version == "HTTP/3.0") {
      out_.set_http_version(std::string{version});
      Add(kVersionNoStatusLine,
          absl::StrCat(version,
                       " has no status line: HTTP/2 and HTTP/3 send "
                       "the status code in the :status pseudo-header "
                       "field and have no reason phrase"));
    } else if (IsHttpVersion(version)) {
      out_.set_http_version(std::string{version});
      Add(kVersionUnknown,
          absl::StrCat(version,
                       " is not a version with a status line; a "
                       "status line carries HTTP/1.0 or HTTP/1.1 (a "
                       "recipient treats a higher 1.x as HTTP/1.1)"));
    } else {
      Add(kVersionSyntax,
          absl::StrCat("The line starts with ", Shown(version),
                       ", which is not an HTTP-version such as \"HTTP/1.1\" "
                       "(HTTP/, a digit, a dot and a digit; case-sensitive)"));
      // Without even an "HTTP/" prefix this is not a status line at all;
      // further findings would only be noise.
      if (!absl::StartsWithIgnoreCase(version, "HTTP/")) return;
    }
    ParseCode(line.substr(end));
  }

  // `rest` starts at the separator after the version.
  void ParseCode(absl::string_view rest) {
    std::size_t gap = 0;
    while (gap < rest.size() && IsSeparator(rest[gap])) ++gap;
    if (gap == rest.size()) {
      Add(kCodeSyntax,
          "The status line ends after the HTTP-version; a SP and "
          "a three-digit status code must follow");
      return;
    }
    if (gap != 1 || rest[0] != ' ') {
      Add(kSeparator,
          absl::StrCat(Shown(rest.substr(0, gap)),
                       " separates the version from the status code; the "
                       "grammar requires a single SP"));
    }
    rest.remove_prefix(gap);
    std::size_t end = 0;
    while (end < rest.size() && !IsSeparator(rest[end])) ++end;
    const absl::string_view code_text = rest.substr(0, end);
    const v1::StatusCode* entry = CheckCode(code_text);
    ParsePhrase(rest.substr(end), entry);
  }

  // Returns the catalog entry of a valid, assigned code.
  const v1::StatusCode* CheckCode(absl::string_view text) {
    if (text.size() != 3 || !IsDigits(text)) {
      Add(kCodeSyntax, absl::StrCat(Shown(text),
                                    " is not a status code, "
                                    "which is exactly three "
                                    "digits"));
      return nullptr;
    }
    const int code =
        (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
    out_.set_status_code(code);
    if (!IsValidStatusCode(code)) {
      Add(kCodeRange, absl::StrCat(text,
                                   " is outside 100-599, so it is not "
                                   "an HTTP status code; a client "
                                   "treats it as a 5xx (Server Error)"));
      return nullptr;
    }
    const v1::StatusCode* entry = catalog_.Find(code);
    if (entry == nullptr) Add(kCodeUnassigned, UnassignedExplanation(code));
    return entry;
  }

  // `rest` starts right after the status code.
  void ParsePhrase(absl::string_view rest, const v1::StatusCode* entry) {
    if (rest.empty()) {
      Add(kMissingSp,
          "The line ends right after the status code; a server "
          "must send the SP before the reason phrase even when "
          "the phrase is empty");
      return;
    }
    if (rest[0] == '\t') {
      Add(kSeparator,
          "A tab separates the status code from the reason "
          "phrase; the grammar requires a single SP");
    }
    const absl::string_view phrase = rest.substr(1);
    out_.set_reason_phrase(ToValidUtf8(phrase));
    for (std::size_t i = 0; i < phrase.size(); ++i) {
      if (!IsForbiddenInPhrase(phrase[i])) continue;
      Add(kPhraseChars, absl::StrCat("The reason phrase has ",
                                     OctetName(phrase[i]), " at byte ", i,
                                     "; it may hold only HTAB, SP, visible "
                                     "characters and obs-text"));
      return;
    }
    if (entry != nullptr) ComparePhrase(phrase, *entry);
  }

  // The phrase is advisory, so differences are INFO, and case differences
  // are not worth reporting at all.
  void ComparePhrase(absl::string_view phrase, const v1::StatusCode& entry) {
    phrase = absl::StripAsciiWhitespace(phrase);
    if (phrase.empty() ||
        absl::EqualsIgnoreCase(phrase, entry.reason_phrase())) {
      return;
    }
    for (const std::string& former : entry.former_phrases()) {
      if (!absl::EqualsIgnoreCase(phrase, former)) continue;
      Add(kPhraseFormer,
          absl::StrCat(Shown(phrase), " is a former phrase of ", entry.code(),
                       "; the registered phrase is now \"",
                       entry.reason_phrase(), "\""));
      return;
    }
    Add(kPhraseDiffers,
        absl::StrCat("The reason phrase ", Shown(phrase), " differs from \"",
                     entry.reason_phrase(), "\", the registered phrase of ",
                     entry.code(),
                     "; clients should ignore the phrase, so "
                     "this is only advice"));
  }

  const Catalog& catalog_;
  v1::ValidateStatusLineResponse& out_;
};

}  // namespace

absl::Span<const RuleInfo> StatusLineRules() { return kStatusLineRules; }

absl::StatusOr<v1::ValidateStatusLineResponse> ValidateStatusLine(
    const Catalog& catalog, absl::string_view line) {
  if (line.size() > static_cast<std::size_t>(kMaxStatusLineBytes)) {
    return InvalidArgument(
        "status_line",
        absl::StrCat("is ", line.size(), " bytes long; the limit is ",
                     kMaxStatusLineBytes, " bytes"),
        v1::STATUS_LINE_TOO_LONG);
  }
  v1::ValidateStatusLineResponse response;
  StatusLineParser(catalog, response).Parse(line);
  bool valid = true;
  for (const v1::Finding& finding : response.findings()) {
    valid = valid && finding.severity() != v1::SEVERITY_ERROR;
  }
  response.set_valid(valid);
  return response;
}

}  // namespace statusinfo::core
