// A fresh child program that sends back, as its result, everything on its stdin: the
// ChildProgram's input must arrive whole and byte for byte.
#include "isolation/child.h"
#include "isolation/protocol.h"

int main() {
  const int channel = doharness::isolation::ChannelFd();
  doharness::isolation::BeginChild(channel, 10000);
  doharness::isolation::Send(channel, doharness::isolation::Tag::kResult, doharness::isolation::ReadChildInput());
  return 0;
}
