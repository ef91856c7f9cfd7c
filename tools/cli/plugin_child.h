// Plugins run only in child programs: the doharness binary started again as
// `doharness __child probe PLUGIN`, `doharness __child case PLUGIN CASE ...` or
// `doharness __child scenarios PLUGIN CALL_LIMIT_MS` (the work on its stdin), in the
// sandbox of isolation/supervisor.h, speaking the isolation protocol. The runner never
// loads a plugin: neither its static constructors, nor its factory, nor its objects'
// destructors run in the process that writes the reports. An empty PLUGIN names the
// bundled reference callback.
#ifndef DOHARNESS_TOOLS_CLI_PLUGIN_CHILD_H_
#define DOHARNESS_TOOLS_CLI_PLUGIN_CHILD_H_

#include <cstdint>
#include <string>

#include "conformance/suite.h"
#include "scenario/child_work.h"

namespace doharness::tools {

// Loads `plugin_path` in a child and makes one object with it; each step (loading,
// DoHarnessCreateCallback) may take `step_limit_ms`. "" when all went well, else the
// one-line error for exit code 2:
//   libx.so: crashed while loading: SIGSEGV (signal 11)
//   libx.so: exited with code 0 in DoHarnessCreateCallback
//   libx.so: DoHarnessCreateCallback did not return within 5000 ms
// and the plugin host's own errors (tools/plugin_host/plugin_host.h).
std::string ProbePlugin(const std::string& plugin_path, int step_limit_ms, int64_t memory_mb);

// Runs each case in a fresh child program that loads `plugin_path` itself, within
// conformance::CaseLimits(options.limits.hang_ms, options.memory_mb).
conformance::CaseRunner CaseInChildRunner(const std::string& plugin_path, const conformance::SuiteOptions& options);

// Children that do scenario work (replay, record, explore) with `plugin_path`, each a
// fresh child program that loads the plugin on its first use of the factory: a
// plugin that crashes while loading fails the run that needed it.
scenario::ChildStarter ScenarioChildren(const std::string& plugin_path);

// The child program's main: `argv[1]` is "__child". Returns only on bad arguments.
int RunChildProgram(int argc, char** argv);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_PLUGIN_CHILD_H_
