// Where the commands write what they produce (reports, scenarios, traces), checked
// before a run starts, and written so that nothing is half-written and nothing is
// replaced that should not be:
//
//   "-"                          standard output (the command then prints its human
//                                summary on stderr)
//   an existing special file     written into, never replaced: a device (/dev/stdout,
//                                /dev/null, /dev/full), a FIFO, or a symlink to one
//   a regular file, or a path    replaced atomically: written whole to a temporary file
//   that does not exist yet      with a unique name beside it, then renamed over it, so
//                                that two runs writing the same path at once both
//                                succeed; an existing file keeps its mode. A symlink to
//                                a regular file is followed: the file is replaced and
//                                the link stays.
//   a read-only regular file     refused, even for root: a read-only report is one its
//                                owner protected
//   a directory                  refused
#ifndef DOHARNESS_TOOLS_CLI_OUTPUT_FILE_H_
#define DOHARNESS_TOOLS_CLI_OUTPUT_FILE_H_

#include <istream>
#include <string>
#include <utility>
#include <vector>

namespace doharness::tools {

// The path that means standard output.
inline constexpr char kStandardOutput[] = "-";

// Whether "-" may stand for standard output: for the options whose output is data
// (check's reports, replay's trace), not for files a command names afterwards.
enum class StandardOutput { kAllowed, kRefused };

// "" when `path` can be written as above; else a one-line reason that names it, such as
// "cannot write out/report.json: directory out does not exist". Checked before a run,
// so that bad output paths cost nothing.
std::string CheckOutputPath(const std::string& path, StandardOutput standard_output);

// "" when the outputs, given as (option, path) pairs, name different files (paths left
// empty are not given; a device such as /dev/null may take several); else "--json and
// --junit name the same file report.xml".
std::string CheckDistinctOutputs(const std::vector<std::pair<std::string, std::string>>& outputs);

// Writes `text` to `path` as above. "" when written; else a one-line reason, such as
// "cannot write /dev/full: No space left on device": the file is then as it was (a
// special file may have taken part of the text).
std::string WriteOutputFile(const std::string& path, const std::string& text);
// The same with what `contents` holds from where it stands to its end, read a block at
// a time: for output too large to hold whole (a replay's trace, spooled to a file).
std::string WriteOutputFile(const std::string& path, std::istream& contents);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_OUTPUT_FILE_H_
