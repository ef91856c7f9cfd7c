// The case lists of each family, assembled by case.cc into AllCases().
#ifndef DOHARNESS_CONFORMANCE_CASES_REGISTRY_H_
#define DOHARNESS_CONFORMANCE_CASES_REGISTRY_H_

#include <vector>

#include "conformance/case.h"

namespace doharness::conformance::cases {

std::vector<Case> ComCases();       // com.*: probes of fresh instances
std::vector<Case> RunCases();       // params.*, ret.*, tol.*, time.*, job.*: engine runs
std::vector<Case> EngineCases();    // the engine promises (engine_checks.cc)

}  // namespace doharness::conformance::cases

#endif  // DOHARNESS_CONFORMANCE_CASES_REGISTRY_H_
