// GoogleTest printers for the ABI's values, by way of api/names.h.
#include "mocks/printers.h"

#include <string>

#include "api/names.h"

void PrintTo(const GUID& guid, std::ostream* os) {
  const std::string text = doharness::GuidToString(guid);
  const std::string name = doharness::InterfaceName(guid);
  *os << text;
  if (name != text) *os << " (" << name << ")";
}

void PrintTo(BG_JOB_STATE state, std::ostream* os) { *os << doharness::JobStateName(state); }

void PrintTo(BG_JOB_TYPE type, std::ostream* os) { *os << doharness::JobTypeName(type); }

void PrintTo(BG_JOB_PRIORITY priority, std::ostream* os) {
  *os << doharness::JobPriorityName(priority);
}

void PrintTo(BG_ERROR_CONTEXT context, std::ostream* os) {
  *os << doharness::ErrorContextName(context);
}
