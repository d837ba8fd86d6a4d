#include "client/cli/har_reader.h"

#include "absl/strings/str_cat.h"
#include "client/cli/internal/har_input_stream.h"
#include "client/cli/internal/har_sax_handler.h"
#include "rapidjson/error/en.h"
#include "rapidjson/reader.h"

namespace statusinfo::cli {

absl::Status ReadHar(std::istream& in,
                     absl::FunctionRef<absl::Status(HarEntry&)> on_entry) {
  HarInputStream stream(in);
  HarSaxHandler handler(stream, on_entry);
  const rapidjson::ParseResult result = handler.Parse();
  if (!handler.error().ok()) return handler.error();
  if (result) return absl::OkStatus();
  if (stream.overflowed()) {
    return absl::InvalidArgumentError(absl::StrCat(
        handler.Path(), ": a string longer than ", kMaxHarStringBytes >> 20,
        " MiB (at byte ", stream.Tell(), ")"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      handler.Path(), ": not valid JSON at byte ", result.Offset(), ": ",
      rapidjson::GetParseError_En(result.Code()),
      stream.AtEnd() ? " (the input ends there: truncated?)" : ""));
}

}  // namespace statusinfo::cli
