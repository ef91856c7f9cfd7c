#include "scenario/names.h"

namespace doharness::scenario {
namespace {

template <class Value>
struct Named {
  Value value;
  std::string_view name;
};

constexpr Named<JobCall::Method> kJobMethods[] = {
    {JobCall::Method::kResume, "Resume"},
    {JobCall::Method::kSuspend, "Suspend"},
    {JobCall::Method::kCancel, "Cancel"},
    {JobCall::Method::kComplete, "Complete"},
    {JobCall::Method::kSetNotifyFlags, "SetNotifyFlags"},
    {JobCall::Method::kSetNotifyInterface, "SetNotifyInterface"},
    {JobCall::Method::kAddFile, "AddFile"},
    {JobCall::Method::kGetState, "GetState"},
    {JobCall::Method::kGetProgress, "GetProgress"},
    {JobCall::Method::kGetError, "GetError"},
};

constexpr Named<Expectation::Op> kComparisons[] = {
    {Expectation::Op::kEq, "=="}, {Expectation::Op::kNe, "!="}, {Expectation::Op::kLt, "<"},
    {Expectation::Op::kLe, "<="}, {Expectation::Op::kGt, ">"},  {Expectation::Op::kGe, ">="},
};

// Every value of the enumerations is in its table.
template <class Value, size_t N>
std::string_view NameIn(const Named<Value> (&table)[N], Value value) {
  for (const Named<Value>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

template <class Value, size_t N>
std::optional<Value> ValueIn(const Named<Value> (&table)[N], std::string_view name) {
  for (const Named<Value>& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view JobMethodName(JobCall::Method method) { return NameIn(kJobMethods, method); }
std::optional<JobCall::Method> JobMethodNamed(std::string_view name) { return ValueIn(kJobMethods, name); }

std::string_view ComparisonName(Expectation::Op op) { return NameIn(kComparisons, op); }
std::optional<Expectation::Op> ComparisonNamed(std::string_view name) { return ValueIn(kComparisons, name); }

}  // namespace doharness::scenario
