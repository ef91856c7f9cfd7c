#include "tools/cli/plugin_child.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <unistd.h>
#endif

#include <climits>
#include <memory>
#include <mutex>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "api/com_ptr.h"
#include "api/wide_string.h"
#include "conformance/case.h"
#include "conformance/isolation.h"
#include "examples/reference_callback/reference_callback.h"
#include "isolation/child.h"
#include "isolation/supervisor.h"
#include "scenario/child_serve.h"
#include "tools/plugin_host/plugin_host.h"

namespace doharness::tools {
namespace {

using isolation::Tag;

// This child's end of the channel to the runner.
int Channel() {
  static const int fd = isolation::ChannelFd();
  return fd;
}

// The probe's steps, as its kStage frames name them.
constexpr const char* kLoading = "loading";
constexpr const char* kFactory = "DoHarnessCreateCallback";

// This program, to start again as a child.
std::string SelfPath() {
#if defined(_WIN32)
  wchar_t path[32768];
  const DWORD n = GetModuleFileNameW(nullptr, path, static_cast<DWORD>(std::size(path)));
  return WideToUtf8(std::wstring_view(path, n));
#else
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  return n > 0 ? std::string(path, static_cast<size_t>(n)) : "/proc/self/exe";
#endif
}

// Where in the probe a child ended: "while loading", "in DoHarnessCreateCallback".
std::string During(const std::string& stage) {
  if (stage == kLoading) return "while loading";
  if (stage == kFactory) return "in DoHarnessCreateCallback";
  return "before loading";
}

[[noreturn]] void Finish(const std::string& result) {
  isolation::Send(Channel(), Tag::kResult, result);
  _exit(0);  // the plugin's static destructors are not part of any verdict
}

// `doharness __child probe PLUGIN`. The object is not released: a Release that crashes
// is the callback's bug, for the cases to report, not bad input.
[[noreturn]] void Probe(const std::string& path) {
  isolation::BeginChild(Channel(), isolation::ChildLimits{}.call_limit_ms);
  isolation::Send(Channel(), Tag::kStage, kLoading);
  const PluginOrError plugin = LoadPlugin(path);
  if (const std::string* error = std::get_if<std::string>(&plugin)) Finish(*error);
  isolation::Send(Channel(), Tag::kStage, kFactory);
  CallbackOrError made = CreateFromPlugin(std::get<Plugin>(plugin));
  if (const std::string* error = std::get_if<std::string>(&made)) Finish(*error);
  std::get<ComPtr<IUnknown>>(made).Detach();
  Finish("");
}

// `doharness __child case PLUGIN CASE PROFILE SEED HANG_MS PROMPT_MS`
[[noreturn]] void RunCase(const std::vector<std::string>& args) {
  conformance::SuiteOptions options;
  options.profile = args[2];
  options.seed = std::stoull(args[3]);
  options.limits.hang_ms = std::stoi(args[4]);
  options.limits.prompt_ms = std::stoi(args[5]);
  isolation::BeginChild(Channel(), int64_t{2} * options.limits.hang_ms);
  CallbackFactory factory = examples::CreateReferenceCallback;
  if (!args[0].empty()) {
    const PluginOrError plugin = LoadPlugin(args[0]);
    if (const std::string* error = std::get_if<std::string>(&plugin)) {
      Finish(conformance::EncodeCaseOutcome({conformance::RuleStatus::kCrash, *error}));
    }
    factory = std::get<Plugin>(plugin).factory;
  }
  const conformance::Case* c = conformance::FindCase(args[1]);
  if (c == nullptr) Finish(conformance::EncodeCaseOutcome({conformance::RuleStatus::kCrash, "no case named " + args[1]}));
  conformance::CaseContext ctx = conformance::CaseContextFor(factory, options);
  ctx.in_own_process = true;
  Finish(conformance::EncodeCaseOutcome(c->run(ctx)));
}

// `doharness __child scenarios PLUGIN CALL_LIMIT_MS`, the encoded ChildWork on stdin.
[[noreturn]] void RunScenarios(const std::string& path, const std::string& call_limit_ms) {
  isolation::BeginChild(Channel(), std::stoll(call_limit_ms));
  const std::optional<scenario::ChildWork> work = scenario::DecodeChildWork(isolation::ReadChildInput());
  if (!work) {
    std::fprintf(stderr, "doharness: the scenario work on stdin does not decode\n");
    _exit(2);
  }
  CallbackFactory factory = examples::CreateReferenceCallback;
  if (!path.empty()) {
    // Loaded on the first call, within the run that makes it, as a forked child would.
    struct LoadedOnFirstUse {
      std::once_flag once;
      PluginOrError plugin;
    };
    auto lazy = std::make_shared<LoadedOnFirstUse>();
    factory = [path, lazy](IUnknown** out) -> HRESULT {
      std::call_once(lazy->once, [&] { lazy->plugin = LoadPlugin(path); });
      if (const std::string* error = std::get_if<std::string>(&lazy->plugin)) {
        std::fprintf(stderr, "%s\n", error->c_str());  // the run's crash message ends with it
        return E_FAIL;
      }
      return std::get<Plugin>(lazy->plugin).factory(out);
    };
  }
  scenario::ServeChildWork(*work, factory, Channel());
  std::fflush(nullptr);
  _exit(0);  // the plugin's static destructors are not part of any verdict
}

}  // namespace

std::string ProbePlugin(const std::string& plugin_path, int step_limit_ms, int64_t memory_mb) {
  isolation::ChildLimits limits;
  limits.step_limit_ms = step_limit_ms;
  limits.memory_mb = memory_mb;
  const isolation::ChildRun run =
      isolation::Supervise(isolation::ChildProgram{{SelfPath(), "__child", "probe", plugin_path}}, limits);
  const isolation::Outcome outcome = isolation::OutcomeOf(run, limits);
  const std::string during = During(outcome.last_stage);
  switch (outcome.status) {
    case isolation::Outcome::Status::kReturned:
      return outcome.text;
    case isolation::Outcome::Status::kTimedOut:
    case isolation::Outcome::Status::kHung:
      if (outcome.last_stage == kFactory) {
        return plugin_path + ": DoHarnessCreateCallback did not return within " + std::to_string(step_limit_ms) + " ms";
      }
      return plugin_path + ": did not end within " + std::to_string(step_limit_ms) + " ms " + during;
    case isolation::Outcome::Status::kOutOfMemory:
      return plugin_path + ": " + outcome.text + " " + during;
    case isolation::Outcome::Status::kCrashed:
      for (const isolation::Frame& frame : run.frames) {
        if (frame.tag == Tag::kStartFailed) return "cannot start a child to load " + plugin_path + ": " + frame.text;
      }
      if (run.end == isolation::ChildRun::End::kExited) {
        return plugin_path + ": exited with code " + std::to_string(run.code) + " " + during;
      }
      return plugin_path + ": crashed " + during + ": " + outcome.text;
  }
  return plugin_path + ": " + outcome.text;
}

conformance::CaseRunner CaseInChildRunner(const std::string& plugin_path, const conformance::SuiteOptions& options) {
  const std::vector<std::string> common = {SelfPath(), "__child", "case", plugin_path};
  return [common, options](const conformance::Case& c) {
    std::vector<std::string> argv = common;
    for (const std::string& arg : {c.name, options.profile, std::to_string(options.seed),
                                   std::to_string(options.limits.hang_ms), std::to_string(options.limits.prompt_ms)}) {
      argv.push_back(arg);
    }
    const isolation::ChildLimits limits = conformance::CaseLimits(options.limits.hang_ms, options.memory_mb);
    return conformance::CaseOutcomeOf(isolation::OutcomeOf(isolation::Supervise(isolation::ChildProgram{argv}, limits), limits));
  };
}

scenario::ChildStarter ScenarioChildren(const std::string& plugin_path) {
  return [argv0 = SelfPath(), plugin_path](const scenario::ChildWork& work, const isolation::ChildLimits& limits,
                                           const isolation::DataSink& data) {
    isolation::ChildProgram program;
    program.argv = {argv0, "__child", "scenarios", plugin_path, std::to_string(limits.call_limit_ms)};
    program.input = scenario::EncodeChildWork(work);
    return isolation::Supervise(program, limits, data);
  };
}

int RunChildProgram(int argc, char** argv) {
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (args.size() == 2 && args[0] == "probe") Probe(args[1]);
  if (args.size() == 7 && args[0] == "case") RunCase({args.begin() + 1, args.end()});
  if (args.size() == 3 && args[0] == "scenarios") RunScenarios(args[1], args[2]);
  std::fprintf(stderr, "doharness: __child is started by doharness itself, not by hand\n");
  return 2;
}

}  // namespace doharness::tools
