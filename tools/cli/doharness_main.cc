// The doharness command: one subcommand a file, each registered here the same way,
// AddXCommand(app, &exit_code): CLI11 runs the subcommand the command line names from
// its callback during app.parse, and it leaves its exit code for main to return (0
// pass, 1 fail, 2 bad usage or bad input with a one-line reason on stderr):
//   check    the conformance suite on a callback          (check_command.h)
//   rules    the rule catalog                              (rules_command.h)
//   replay   a scenario file against a callback            (replay_command.h)
//   record   a callback's run written as a scenario        (record_command.h)
//   explore  a search for a scenario that breaks a callback (explore_command.h)
// and `doharness __child ...`, the sandboxed child that loads a plugin
// (plugin_child.h), which users do not run.
#include <signal.h>

#include <string>

#include <CLI/CLI.hpp>

#include "conformance/report.h"
#include "tools/cli/arguments.h"
#include "tools/cli/check_command.h"
#include "tools/cli/explore_command.h"
#include "tools/cli/plugin_child.h"
#include "tools/cli/record_command.h"
#include "tools/cli/replay_command.h"
#include "tools/cli/rules_command.h"

namespace doharness::tools {
namespace {

int Main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "__child") return RunChildProgram(argc, argv);
  // `doharness check | head` ends the run's output, not the run: a write to a closed
  // pipe fails with EPIPE instead. (Windows has no SIGPIPE: the write fails anyway.)
#if defined(SIGPIPE)
  signal(SIGPIPE, SIG_IGN);
#endif
  CLI::App app{"DO Harness: checks IBackgroundCopyCallback implementations", "doharness"};
  app.set_version_flag("--version", conformance::kHarnessVersion);
  // The same options on every system: CLI11 would also take /name on Windows, and then
  // read a path such as /home/me/x.scenario (under Wine) as an option.
  app.allow_windows_style_options(false);
  app.require_subcommand(1);
  int exit_code = 2;
  AddCheckCommand(app, &exit_code);
  AddRulesCommand(app, &exit_code);
  AddExploreCommand(app, &exit_code);
  AddReplayCommand(app, &exit_code);
  AddRecordCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    const std::string what = e.what();
    return BadInput(what.substr(0, what.find('\n')));
  }
  return exit_code;
}

}  // namespace
}  // namespace doharness::tools

int main(int argc, char** argv) { return doharness::tools::Main(argc, argv); }
