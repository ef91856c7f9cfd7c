// NotificationMethod: which IBackgroundCopyCallback method a notification calls. One
// type for the engine that delivers it, the recording proxy that observes it and the
// scenario language that names it, with one table of names: the interface's own
// spelling ("JobTransferred"), which traces and scenario files use too.
#ifndef DOHARNESS_API_NOTIFICATION_METHOD_H_
#define DOHARNESS_API_NOTIFICATION_METHOD_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "deliveryoptimization.h"

namespace doharness {

enum class NotificationMethod : uint8_t { kJobTransferred, kJobError, kJobModification, kFileTransferred };

// "JobTransferred", "JobError", "JobModification", "FileTransferred".
const char* NotificationMethodName(NotificationMethod method);
// The method of that name (case-sensitive); nullopt for any other text.
std::optional<NotificationMethod> NotificationMethodNamed(std::string_view name);

// The BG_NOTIFY_* flag that lets the engine deliver `method`.
ULONG NotifyFlagOf(NotificationMethod method);

}  // namespace doharness

#endif  // DOHARNESS_API_NOTIFICATION_METHOD_H_
