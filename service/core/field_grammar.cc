#include "service/core/field_grammar.h"

#include <cstddef>

#include "absl/strings/ascii.h"
#include "service/core/http_grammar.h"
#include "service/core/validator_grammar.h"

namespace statusinfo::core {
namespace {

// Reads a field value from left to right. Each Read* consumes what it
// matched and returns true, or consumes nothing and returns false.
class Scanner {
 public:
  explicit Scanner(absl::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  bool At(char c) const { return !AtEnd() && text_[pos_] == c; }
  void SkipOws() {
    while (!AtEnd() && IsOws(text_[pos_])) ++pos_;
  }
  bool Read(char c) {
    if (!At(c)) return false;
    ++pos_;
    return true;
  }
  // token = 1*tchar (RFC 9110, Section 5.6.2).
  bool ReadToken() {
    const std::size_t start = pos_;
    while (!AtEnd() && IsTchar(text_[pos_])) ++pos_;
    return pos_ > start;
  }
  // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 9110,
  // Section 5.6.4): qdtext is HTAB, SP and VCHAR but DQUOTE and "\", or
  // obs-text; quoted-pair is "\" ( HTAB / SP / VCHAR / obs-text ).
  bool ReadQuotedString() {
    if (!At('"')) return false;
    std::size_t i = pos_ + 1;
    while (i < text_.size()) {
      const char c = text_[i];
      if (c == '"') {
        pos_ = i + 1;
        return true;
      }
      if (c == '\\') ++i;
      if (i >= text_.size() || !IsQuotedOctet(text_[i])) return false;
      ++i;
    }
    return false;
  }
  // token / quoted-string, the value of a parameter or directive.
  bool ReadTokenOrQuotedString() { return ReadToken() || ReadQuotedString(); }
  // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
  // (RFC 9110, Section 11.2).
  bool ReadToken68() {
    const std::size_t start = pos_;
    while (!AtEnd() && IsToken68Char(text_[pos_])) ++pos_;
    if (pos_ == start) return false;
    while (At('=')) ++pos_;
    return true;
  }
  // Whether an auth-param starts here: token BWS "=" BWS, then a token or
  // quoted-string (a token68 ends in "=" with nothing after).
  bool AtAuthParam() const {
    Scanner ahead = *this;
    if (!ahead.ReadToken()) return false;
    ahead.SkipOws();
    if (!ahead.Read('=')) return false;
    ahead.SkipOws();
    return ahead.ReadTokenOrQuotedString();
  }

 private:
  static bool IsQuotedOctet(char c) {
    const auto octet = static_cast<unsigned char>(c);
    return c == '\t' || (octet >= 0x20 && octet != 0x7F);
  }
  static bool IsToken68Char(char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  }

  absl::string_view text_;
  std::size_t pos_ = 0;
};

// Reads `text` as a #rule list (RFC 9110, Section 5.6.1): `element` reads
// one element and returns whether it matched.
template <typename Element>
bool IsList(absl::string_view text, Element element) {
  Scanner scanner(text);
  while (true) {
    scanner.SkipOws();
    if (scanner.AtEnd()) return true;
    if (!scanner.At(',') && !element(scanner)) return false;
    scanner.SkipOws();
    if (scanner.AtEnd()) return true;
    if (!scanner.Read(',')) return false;
  }
}

bool ReadAuthParam(Scanner& scanner) {
  if (!scanner.ReadToken()) return false;
  scanner.SkipOws();
  if (!scanner.Read('=')) return false;
  scanner.SkipOws();
  return scanner.ReadTokenOrQuotedString();
}

// auth-scheme [ 1*SP ( token68 / auth-param ) ]: the first parameter, if
// any; the list reads the others.
bool ReadChallengeStart(Scanner& scanner) {
  if (!scanner.ReadToken()) return false;
  if (!scanner.Read(' ')) return true;
  while (scanner.Read(' ')) {
  }
  if (scanner.AtEnd() || scanner.At(',')) return true;
  return scanner.AtAuthParam() ? ReadAuthParam(scanner) : scanner.ReadToken68();
}

}  // namespace

bool IsEntityTag(absl::string_view text) {
  return ParseEntityTag(text).has_value();
}

bool IsHttpDate(absl::string_view text) {
  return ParseHttpDate(text) != DateFormat::kInvalid;
}

bool IsMediaType(absl::string_view text) {
  Scanner scanner(text);
  if (!scanner.ReadToken() || !scanner.Read('/') || !scanner.ReadToken()) {
    return false;
  }
  while (true) {
    scanner.SkipOws();
    if (scanner.AtEnd()) return true;
    if (!scanner.Read(';')) return false;
    scanner.SkipOws();
    if (scanner.AtEnd() || scanner.At(';')) continue;
    if (!scanner.ReadToken() || !scanner.Read('=') ||
        !scanner.ReadTokenOrQuotedString()) {
      return false;
    }
  }
}

bool IsVaryValue(absl::string_view text) {
  // "*" is a tchar: a token covers both alternatives. Connection is the
  // same list of tokens.
  return IsList(text, [](Scanner& scanner) { return scanner.ReadToken(); });
}

bool IsUpgradeValue(absl::string_view text) {
  return IsList(text, [](Scanner& scanner) {
    return scanner.ReadToken() && (!scanner.Read('/') || scanner.ReadToken());
  });
}

bool IsConnectionValue(absl::string_view text) { return IsVaryValue(text); }

bool IsCacheControl(absl::string_view text) {
  return IsList(text, [](Scanner& scanner) {
    if (!scanner.ReadToken()) return false;
    return !scanner.Read('=') || scanner.ReadTokenOrQuotedString();
  });
}

bool IsChallengeList(absl::string_view text) {
  bool in_challenge = false;
  return IsList(text, [&](Scanner& scanner) {
    if (in_challenge && scanner.AtAuthParam()) return ReadAuthParam(scanner);
    in_challenge = true;
    return ReadChallengeStart(scanner);
  });
}

}  // namespace statusinfo::core
