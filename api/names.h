// Readable names for the values of the DO/BITS ABI, for traces, reports and test
// failure messages: `BG_E_INVALID_STATE (0x80200002)`, `TRANSFERRED`,
// `TRANSFERRED|ERROR`, `{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}`. The Parse*
// functions are their inverses, for scenario files and command lines.
#ifndef DOHARNESS_API_NAMES_H_
#define DOHARNESS_API_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

#include "deliveryoptimization.h"

namespace doharness {

// "BG_E_INVALID_STATE (0x80200002)"; HTTP status codes as "BG_E_HTTP_ERROR_418 (0x801901A2)";
// an unknown value as "0x80001234".
std::string HresultName(HRESULT hr);
// The bare symbol ("BG_E_INVALID_STATE"), or "" when the value has none.
std::string HresultSymbol(HRESULT hr);
// Accepts a symbol ("E_FAIL", "BG_E_HTTP_ERROR_404") or a number ("0x80004005", "-2147467259").
std::optional<HRESULT> ParseHresult(std::string_view text);

// "TRANSFERRED"; out of range: "BG_JOB_STATE(42)".
std::string JobStateName(BG_JOB_STATE state);
// Accepts "TRANSFERRED" or "BG_JOB_STATE_TRANSFERRED".
std::optional<BG_JOB_STATE> ParseJobState(std::string_view text);

// "TRANSFERRED|ERROR|MODIFICATION"; 0 as "0"; bits without a name in hex ("TRANSFERRED|0x40").
// Names: TRANSFERRED ERROR DISABLE MODIFICATION FILE_TRANSFERRED FILE_RANGES_TRANSFERRED.
std::string NotifyFlagsName(ULONG flags);
// Accepts the form above (also "BG_NOTIFY_JOB_TRANSFERRED" spellings) or a number.
std::optional<ULONG> ParseNotifyFlags(std::string_view text);

// "REMOTE_FILE"; out of range: "BG_ERROR_CONTEXT(9)".
std::string ErrorContextName(BG_ERROR_CONTEXT context);
std::optional<BG_ERROR_CONTEXT> ParseErrorContext(std::string_view text);

std::string JobTypeName(BG_JOB_TYPE type);          // "DOWNLOAD"
std::string JobPriorityName(BG_JOB_PRIORITY priority);  // "FOREGROUND", "HIGH", ...

// "{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}" (as StringFromGUID2).
std::string GuidToString(REFGUID guid);
// Accepts the form above with or without braces, any case.
std::optional<GUID> ParseGuid(std::string_view text);
// "IBackgroundCopyCallback2" for the IIDs of the ABI, else GuidToString.
std::string InterfaceName(REFIID iid);

}  // namespace doharness

#endif  // DOHARNESS_API_NAMES_H_
