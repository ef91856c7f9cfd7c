#include "scenario/shrink.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "conformance/rule_catalog.h"

namespace doharness::scenario {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// One kind of simplification. `count` candidates for a scenario; `make` builds the
// i-th, or nothing when it would change nothing. `again`: after a candidate is
// accepted, try the same index once more (a removal moved the next element there; a
// halving may halve again).
struct Simplification {
  std::function<size_t(const Scenario&)> count;
  std::function<std::optional<Scenario>(const Scenario&, size_t)> make;
  bool again;
};

void RemoveJob(Scenario* s, size_t index) {
  const std::string name = s->jobs[index].name;
  s->jobs.erase(s->jobs.begin() + static_cast<long>(index));
  auto names = [&](const std::string& job) { return job == name; };
  s->faults.erase(std::remove_if(s->faults.begin(), s->faults.end(), [&](const FaultDecl& f) { return names(f.job); }),
                  s->faults.end());
  s->timeline.erase(std::remove_if(s->timeline.begin(), s->timeline.end(),
                                   [&](const TimedAction& a) {
                                     return names(a.job) || (a.expect && names(a.expect->job));
                                   }),
                    s->timeline.end());
  s->expectations.erase(std::remove_if(s->expectations.begin(), s->expectations.end(),
                                       [&](const Expectation& e) { return names(e.job); }),
                        s->expectations.end());
  for (Behaviour& b : s->behaviours) {
    b.steps.erase(std::remove_if(b.steps.begin(), b.steps.end(), [&](const Step& step) { return names(step.on_job); }),
                  b.steps.end());
  }
}

// The job and file index of the `index`-th file of the scenario, counted across jobs.
bool LocateFile(const Scenario& s, size_t index, size_t* job, size_t* file) {
  for (size_t j = 0; j < s.jobs.size(); ++j) {
    if (index < s.jobs[j].files.size()) {
      *job = j;
      *file = index;
      return true;
    }
    index -= s.jobs[j].files.size();
  }
  return false;
}

size_t FileCount(const Scenario& s) {
  size_t n = 0;
  for (const JobDecl& job : s.jobs) n += job.files.size();
  return n;
}

void RemoveFile(Scenario* s, size_t job, size_t file) {
  JobDecl& decl = s->jobs[job];
  decl.files.erase(decl.files.begin() + static_cast<long>(file));
  const int removed = static_cast<int>(file);
  std::vector<FaultDecl> kept;
  for (FaultDecl f : s->faults) {
    const bool file_fault = f.fault.kind == Fault::Kind::kFatal || f.fault.kind == Fault::Kind::kTransient ||
                            f.fault.kind == Fault::Kind::kStall;
    if (f.job == decl.name && file_fault && f.fault.file_index != Fault::kNoFile) {
      if (f.fault.file_index == removed) continue;
      if (f.fault.file_index > removed) --f.fault.file_index;
    }
    kept.push_back(std::move(f));
  }
  s->faults = std::move(kept);
}

template <class Element>
Simplification RemoveEach(std::vector<Element> Scenario::*elements) {
  return {[elements](const Scenario& s) { return (s.*elements).size(); },
          [elements](const Scenario& s, size_t i) -> std::optional<Scenario> {
            Scenario candidate = s;
            (candidate.*elements).erase((candidate.*elements).begin() + static_cast<long>(i));
            return candidate;
          },
          true};
}

// Values a shrinker moves a field down to, smallest first: round numbers, so that a
// written scenario reads well.
template <class T>
using Ladder = std::vector<T>;

// Candidates that lower one field of each element of a vector of the scenario to each
// smaller value of `ladder`, smallest first (the first accepted is the smallest that
// still fails; the larger ones then change nothing).
template <class Element, class T>
Simplification Lower(std::vector<Element> Scenario::*elements, std::function<T*(Element*)> field, Ladder<T> ladder) {
  const size_t steps = ladder.size();
  return {[elements, steps](const Scenario& s) { return (s.*elements).size() * steps; },
          [elements, field, ladder](const Scenario& s, size_t i) -> std::optional<Scenario> {
            Scenario candidate = s;
            T* value = field(&(candidate.*elements)[i / ladder.size()]);
            if (!(ladder[i % ladder.size()] < *value)) return std::nullopt;
            *value = ladder[i % ladder.size()];
            SortTimeline(&candidate);
            return candidate;
          },
          false};
}

// The same for a field of the scenario as a whole.
template <class T>
Simplification LowerSetting(std::function<T*(Scenario*)> field, Ladder<T> ladder) {
  return {[steps = ladder.size()](const Scenario&) { return steps; },
          [field, ladder](const Scenario& s, size_t i) -> std::optional<Scenario> {
            Scenario candidate = s;
            T* value = field(&candidate);
            if (!(ladder[i] < *value)) return std::nullopt;
            *value = ladder[i];
            return candidate;
          },
          false};
}

// A setting back to its default.
template <class T>
Simplification Reset(std::function<T*(Scenario*)> field, T default_value) {
  return {[](const Scenario&) { return size_t{1}; },
          [field, default_value](const Scenario& s, size_t) -> std::optional<Scenario> {
            Scenario candidate = s;
            T* value = field(&candidate);
            if (*value == default_value) return std::nullopt;
            *value = default_value;
            return candidate;
          },
          false};
}

// Candidates that set a field of a file (the `i / values.size()`-th of the scenario,
// counted across jobs) to each of `values` that `better` prefers to its value, in order.
Simplification EachFile(uint64_t FileDecl::*field, Ladder<uint64_t> values,
                        std::function<bool(uint64_t candidate, uint64_t current)> better) {
  return {[steps = values.size()](const Scenario& s) { return FileCount(s) * steps; },
          [field, values, better](const Scenario& s, size_t i) -> std::optional<Scenario> {
            size_t job = 0, file = 0;
            if (!LocateFile(s, i / values.size(), &job, &file)) return std::nullopt;
            Scenario candidate = s;
            uint64_t& value = candidate.jobs[job].files[file].*field;
            if (!better(values[i % values.size()], value)) return std::nullopt;
            value = values[i % values.size()];
            return candidate;
          },
          false};
}

// The jobs named J1, J2, ... in order, with their files' URLs and local names to
// match, as the generator names them: what the shrinker left reads as if written so.
std::optional<Scenario> Renumbered(const Scenario& s, size_t) {
  Scenario candidate = s;
  std::map<std::string, std::string> renamed;
  for (size_t j = 0; j < candidate.jobs.size(); ++j) {
    JobDecl& job = candidate.jobs[j];
    const std::string name = "J" + std::to_string(j + 1);
    renamed[job.name] = name;
    job.name = name;
    job.display_name = "job " + std::to_string(j + 1);
    for (size_t f = 0; f < job.files.size(); ++f) {
      job.files[f].job = name;
      job.files[f].remote_url = "http://example/" + name + "/" + std::to_string(f);
      job.files[f].local_name = "/tmp/" + name + "-" + std::to_string(f);
    }
  }
  auto rename = [&](std::string* job) {
    auto it = renamed.find(*job);
    if (it != renamed.end()) *job = it->second;
  };
  for (FaultDecl& f : candidate.faults) rename(&f.job);
  for (TimedAction& a : candidate.timeline) {
    rename(&a.job);
    if (a.expect) rename(&a.expect->job);
  }
  for (Expectation& e : candidate.expectations) rename(&e.job);
  for (Behaviour& b : candidate.behaviours) {
    for (Step& step : b.steps) rename(&step.on_job);
  }
  bool changed = false;
  for (size_t j = 0; j < s.jobs.size() && !changed; ++j) {
    changed = s.jobs[j].name != candidate.jobs[j].name || s.jobs[j].display_name != candidate.jobs[j].display_name;
    for (size_t f = 0; f < s.jobs[j].files.size() && !changed; ++f) {
      changed = s.jobs[j].files[f].remote_url != candidate.jobs[j].files[f].remote_url ||
                s.jobs[j].files[f].local_name != candidate.jobs[j].files[f].local_name;
    }
  }
  if (!changed) return std::nullopt;
  return candidate;
}

// Biggest cuts first: whole jobs, then files, faults and actions, then settings and
// values.
std::vector<Simplification> Simplifications() {
  const EngineSettings defaults;
  const FileDecl default_file;
  const Ladder<Duration> times = {Duration{0}, milliseconds(100), seconds(1), seconds(5), seconds(30), minutes(2)};
  std::vector<Simplification> all;
  all.push_back({[](const Scenario& s) { return s.jobs.size(); },
                 [](const Scenario& s, size_t i) -> std::optional<Scenario> {
                   Scenario candidate = s;
                   RemoveJob(&candidate, i);
                   return candidate;
                 },
                 true});
  all.push_back({FileCount,
                 [](const Scenario& s, size_t i) -> std::optional<Scenario> {
                   size_t job = 0, file = 0;
                   if (!LocateFile(s, i, &job, &file)) return std::nullopt;
                   Scenario candidate = s;
                   RemoveFile(&candidate, job, file);
                   return candidate;
                 },
                 true});
  all.push_back(RemoveEach(&Scenario::faults));
  all.push_back(RemoveEach(&Scenario::timeline));
  all.push_back(RemoveEach(&Scenario::behaviours));

  all.push_back(Reset<std::string>([](Scenario* s) { return &s->engine.profile; }, defaults.profile));
  all.push_back(Reset<ModificationOrder>([](Scenario* s) { return &s->engine.modification_order; },
                                         defaults.modification_order));
  all.push_back(LowerSetting<int>([](Scenario* s) { return &s->engine.reentrant_modification_depth; }, {0, 1}));
  all.push_back(Reset<bool>([](Scenario* s) { return &s->engine.coalesce_modifications; },
                            defaults.coalesce_modifications));
  all.push_back(Reset<Duration>([](Scenario* s) { return &s->engine.retry_delay; }, defaults.retry_delay));
  all.push_back(Reset<uint64_t>([](Scenario* s) { return &s->engine.chunk_bytes; }, defaults.chunk_bytes));
  all.push_back(Reset<int>([](Scenario* s) { return &s->engine.concurrency_limit; }, defaults.concurrency_limit));
  all.push_back(Reset<uint64_t>([](Scenario* s) { return &s->engine.seed; }, defaults.seed));
  all.push_back(LowerSetting<Duration>([](Scenario* s) { return &s->end_after; },
                                       {seconds(1), seconds(10), minutes(1), minutes(10), hours(1)}));

  all.push_back(Lower<TimedAction, Duration>(&Scenario::timeline, [](TimedAction* a) { return &a->at; }, times));
  for (ULONG bit = 1; bit <= kEveryNotifyFlag; bit <<= 1) {
    all.push_back({[](const Scenario& s) { return s.timeline.size(); },
                   [bit](const Scenario& s, size_t i) -> std::optional<Scenario> {
                     Scenario candidate = s;
                     TimedAction& action = candidate.timeline[i];
                     if (action.expect || action.call.method != JobCall::Method::kSetNotifyFlags ||
                         (action.call.flags & bit) == 0) {
                       return std::nullopt;
                     }
                     action.call.flags &= ~bit;
                     return candidate;
                   },
                   false});
  }

  all.push_back(Lower<FaultDecl, uint64_t>(&Scenario::faults, [](FaultDecl* f) { return &f->fault.at_byte; },
                                           {0, kKiB, 16 * kKiB, 64 * kKiB}));
  all.push_back(Lower<FaultDecl, int>(&Scenario::faults, [](FaultDecl* f) { return &f->fault.times; }, {1, 2}));
  all.push_back(Lower<FaultDecl, Duration>(&Scenario::faults, [](FaultDecl* f) { return &f->fault.duration; },
                                           {seconds(1), seconds(30)}));
  all.push_back({[](const Scenario& s) { return s.faults.size(); },
                 [](const Scenario& s, size_t i) -> std::optional<Scenario> {
                   if (s.faults[i].fault.code == E_FAIL) return std::nullopt;
                   Scenario candidate = s;
                   candidate.faults[i].fault.code = E_FAIL;
                   return candidate;
                 },
                 false});

  all.push_back(EachFile(&FileDecl::size, {1 * kKiB, 16 * kKiB, 64 * kKiB, 256 * kKiB},
                         [](uint64_t candidate, uint64_t current) { return candidate < current; }));
  all.push_back(EachFile(&FileDecl::bytes_per_second, {default_file.bytes_per_second},
                         [](uint64_t candidate, uint64_t current) { return candidate != current; }));
  all.push_back({[](const Scenario&) { return size_t{1}; }, Renumbered, false});
  return all;
}

}  // namespace

ScenarioSize SizeOf(const Scenario& scenario) {
  ScenarioSize size;
  size.jobs = static_cast<int>(scenario.jobs.size());
  size.files = static_cast<int>(FileCount(scenario));
  size.faults = static_cast<int>(scenario.faults.size());
  size.actions = static_cast<int>(scenario.timeline.size());
  return size;
}

std::string ToString(const ScenarioSize& size) {
  auto count = [](int n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
  return count(size.jobs, "job") + ", " + count(size.files, "file") + ", " + count(size.faults, "fault") + ", " +
         count(size.actions, "action");
}

ShrinkResult Shrink(const Scenario& failing, const std::function<bool(const Scenario&)>& still_fails,
                    const std::function<void(const Scenario&)>& on_step) {
  ShrinkResult result{failing, 0};
  const std::vector<Simplification> simplifications = Simplifications();
  // Every accepted candidate is strictly simpler (fewer elements, or a smaller value
  // that never grows back), so the passes end.
  for (bool changed = true; changed;) {
    changed = false;
    for (const Simplification& simplification : simplifications) {
      for (size_t i = 0; i < simplification.count(result.scenario);) {
        std::optional<Scenario> candidate = simplification.make(result.scenario, i);
        if (candidate) {
          ++result.attempts;
          if (still_fails(*candidate)) {
            result.scenario = std::move(*candidate);
            changed = true;
            if (on_step) on_step(result.scenario);
            if (simplification.again) continue;
          }
        }
        ++i;
      }
    }
  }
  return result;
}

Scenario ReplayableScenario(const Scenario& scenario, const Failure& failure) {
  Scenario replayable = scenario;
  // An expectation that is neither a rule's nor `expect survives` is kept as it was,
  // where it was: among the final ones, or at its time in the timeline.
  const Expectation* failed = ExpectationNumbered(scenario, failure.expectation);
  const Expectation* kept = failed != nullptr && failure.signature.rfind("expect:", 0) == 0 ? failed : nullptr;
  const bool kept_is_final = kept != nullptr && failure.expectation < static_cast<int>(scenario.expectations.size());
  replayable.expectations.clear();
  std::vector<TimedAction> timeline;
  for (const TimedAction& action : scenario.timeline) {
    if (!action.expect || &*action.expect == kept) timeline.push_back(action);
  }
  replayable.timeline = std::move(timeline);
  Expectation survives;
  survives.kind = Expectation::Kind::kSurvives;
  replayable.expectations.push_back(survives);
  if (kept_is_final) {
    replayable.expectations.push_back(*kept);
  } else if (kept == nullptr && conformance::FindRule(failure.signature) != nullptr) {
    Expectation rule;
    rule.kind = Expectation::Kind::kRule;
    rule.rule = failure.signature;
    replayable.expectations.push_back(rule);
  }
  // Positions as a reader of the printed file numbers them, for the messages.
  for (size_t i = 0; i < replayable.expectations.size(); ++i) {
    replayable.expectations[i].pos = {static_cast<int>(i) + 1, 1};
  }
  return replayable;
}

}  // namespace doharness::scenario
