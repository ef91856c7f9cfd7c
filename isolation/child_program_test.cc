// A fresh child program's input: ChildProgram::input arrives on its stdin whole and
// byte for byte, larger than a pipe holds; without input, stdin is empty. On Linux and
// on Windows (a pipe fed by a thread there, a file in memory here).
#include <string>

#include "gtest/gtest.h"
#include "isolation/supervisor.h"

namespace doharness::isolation {
namespace {

using Status = Outcome::Status;

#if defined(_WIN32)
constexpr char kEchoInputChild[] = "isolation/testdata/echo_input_child.exe";
#else
constexpr char kEchoInputChild[] = "isolation/testdata/echo_input_child";
#endif

TEST(ChildProgramTest, ReadsItsInputWholeOnStdin) {
  // Every byte value: a text-mode stdin would turn CR LF into LF and stop at ^Z.
  std::string input;
  for (int i = 0; i < 3 * 1024 * 1024; ++i) input.push_back(static_cast<char>(i * 7 % 256));
  const Outcome outcome = OutcomeOf(Supervise(ChildProgram{{kEchoInputChild}, input}, {}), {});
  ASSERT_EQ(outcome.status, Status::kReturned) << outcome.text;
  EXPECT_TRUE(outcome.text == input) << "got " << outcome.text.size() << " bytes back of " << input.size();
}

TEST(ChildProgramTest, WithoutInputReadsAnEmptyStdin) {
  const Outcome outcome = OutcomeOf(Supervise(ChildProgram{{kEchoInputChild}}, {}), {});
  ASSERT_EQ(outcome.status, Status::kReturned) << outcome.text;
  EXPECT_EQ(outcome.text, "");
}

}  // namespace
}  // namespace doharness::isolation
