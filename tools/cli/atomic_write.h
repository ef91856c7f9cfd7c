// Writing a file the commands produce (reports, scenarios, traces) so that it is never
// half-written: through a temporary file beside it (PATH.tmp) and a rename.
#ifndef DOHARNESS_TOOLS_CLI_ATOMIC_WRITE_H_
#define DOHARNESS_TOOLS_CLI_ATOMIC_WRITE_H_

#include <string>

namespace doharness::tools {

// Replaces (or creates) `path` with `text`. False when it cannot: `path` is then as it
// was, and the temporary file is gone.
bool WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_ATOMIC_WRITE_H_
