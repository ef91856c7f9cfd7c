// The bug zoo, in process: every entry of examples/bug_zoo -- a callback that breaks
// given callback obligations of conformance/rules.md the way real code does, and
// otherwise behaves as the reference callback -- with its factory and the
// expected-failure list (conformance/expected_failures.h format) of the rules it
// breaks. README.md beside this file has the table: entry, rules, the real bug, how a
// case provokes it.
//
//   for (const doharness::examples::ZooEntry& entry : doharness::examples::BugZoo()) {
//     IUnknown* callback = NULL;
//     if (SUCCEEDED(entry.create(&callback))) { ...; callback->Release(); }
//   }
//
// The same entries are plugins too: examples/bug_zoo/lib<name>.so.
#ifndef DOHARNESS_EXAMPLES_BUG_ZOO_BUG_ZOO_H_
#define DOHARNESS_EXAMPLES_BUG_ZOO_BUG_ZOO_H_

#include <doharness_plugin.h>

#include <string_view>
#include <vector>

namespace doharness::examples {

struct ZooEntry {
  // "ret_retry_bounded": the first rule it breaks, dots replaced by underscores, and
  // perhaps a suffix naming a variant. Its source is examples/bug_zoo/<name>.cc.
  std::string_view name;
  // A new callback object with one reference owned by the caller, as the plugin's
  // DoHarnessCreateCallback makes it.
  DoHarnessCreateCallbackFn create;
  // "examples/bug_zoo/<name>.expected", relative to the workspace root.
  std::string_view expected_path;
  // Its contents: one rule id a line, comments starting with '#'.
  std::string_view expected_failures;
};

// Every entry, ordered by name.
const std::vector<ZooEntry>& BugZoo();

// The engine profiles ("do", "bits") in which `entry` breaks its listed rules: both,
// unless its list has a comment line "# profiles: bits" (an entry whose bug sits
// behind an interface that only one profile answers).
std::vector<std::string_view> ZooProfiles(const ZooEntry& entry);

// The entry called `name`, or nullptr.
const ZooEntry* FindZooEntry(std::string_view name);

}  // namespace doharness::examples

#endif  // DOHARNESS_EXAMPLES_BUG_ZOO_BUG_ZOO_H_
