// The case lists of each family, assembled by case.cc into AllCases().
#ifndef DOHARNESS_CONFORMANCE_CASES_REGISTRY_H_
#define DOHARNESS_CONFORMANCE_CASES_REGISTRY_H_

#include <vector>

#include "conformance/case.h"

namespace doharness::conformance::cases {

std::vector<Case> ComCases();       // com.*: probes of fresh instances
std::vector<Case> RunCases();       // params.*, ret.*, tol.*, time.*, job.*: engine runs
// The engine promises, one file per family as engine/*_rules_test.cc:
std::vector<Case> FlagsCases();     // flags.*
std::vector<Case> OrderCases();     // order.*
std::vector<Case> LifeCases();      // life.*
std::vector<Case> StateCases();     // state.*

}  // namespace doharness::conformance::cases

#endif  // DOHARNESS_CONFORMANCE_CASES_REGISTRY_H_
