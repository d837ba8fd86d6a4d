// Validation of a bare status-code number: is it valid HTTP, and what is it?
//
// Example:
//
//   v1::ValidateStatusCodeResponse r = ValidateStatusCode(catalog, 299);
//   // r.valid() == true, r.assigned() == false, r.treat_as_code() == 200
#ifndef STATUSINFO_SERVICE_CORE_CODE_VALIDATION_H_
#define STATUSINFO_SERVICE_CORE_CODE_VALIDATION_H_

#include <cstdint>

#include "service/core/catalog.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

// Never fails: an out-of-range number is an answer (valid = false).
statusinfo::v1::ValidateStatusCodeResponse ValidateStatusCode(
    const Catalog& catalog, int64_t code);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_CODE_VALIDATION_H_
