// A fresh child program from a future doharness: it says hello in protocol version 99
// and sends a result, which the supervisor must not take.
#include "isolation/child.h"
#include "isolation/protocol.h"

int main() {
  const int channel = doharness::isolation::ChannelFd();
  doharness::isolation::Send(channel, doharness::isolation::Tag::kHello, "99");
  doharness::isolation::Send(channel, doharness::isolation::Tag::kResult, "pass");
  return 0;
}
