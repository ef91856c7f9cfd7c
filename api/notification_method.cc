#include "api/notification_method.h"

#include <cstddef>
#include <iterator>

namespace doharness {
namespace {

struct MethodRow {
  NotificationMethod method;
  const char* name;
  ULONG flag;
};

constexpr MethodRow kMethods[] = {
    {NotificationMethod::kJobTransferred, "JobTransferred", BG_NOTIFY_JOB_TRANSFERRED},
    {NotificationMethod::kJobError, "JobError", BG_NOTIFY_JOB_ERROR},
    {NotificationMethod::kJobModification, "JobModification", BG_NOTIFY_JOB_MODIFICATION},
    {NotificationMethod::kFileTransferred, "FileTransferred", BG_NOTIFY_FILE_TRANSFERRED},
};

// Rows in enumerator order: a method's row is at its value.
constexpr bool InEnumeratorOrder() {
  for (size_t i = 0; i < std::size(kMethods); ++i) {
    if (static_cast<size_t>(kMethods[i].method) != i) return false;
  }
  return true;
}
static_assert(InEnumeratorOrder());

const MethodRow& RowOf(NotificationMethod method) {
  const size_t index = static_cast<size_t>(method);
  return kMethods[index < std::size(kMethods) ? index : 0];
}

}  // namespace

const char* NotificationMethodName(NotificationMethod method) { return RowOf(method).name; }

std::optional<NotificationMethod> NotificationMethodNamed(std::string_view name) {
  for (const MethodRow& row : kMethods) {
    if (name == row.name) return row.method;
  }
  return std::nullopt;
}

ULONG NotifyFlagOf(NotificationMethod method) { return RowOf(method).flag; }

}  // namespace doharness
