#include "engine/internal/fifo.h"

#include <cstdint>

#include "gtest/gtest.h"

namespace doharness::internal {
namespace {

TEST(FifoTest, GivesItemsBackInTheOrderTheyCame) {
  Fifo<int> fifo;
  EXPECT_TRUE(fifo.empty());
  for (int i = 0; i < 3; ++i) fifo.push_back(i);
  ASSERT_EQ(fifo.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(fifo.front(), i);
    fifo.pop_front();
  }
  EXPECT_TRUE(fifo.empty());
}

// A queue that never drains to empty drops what it consumed as it goes, in order.
TEST(FifoTest, KeepsOrderAcrossCompactionWhenNeverEmpty) {
  Fifo<uint64_t> fifo;
  uint64_t next_in = 0, next_out = 0;
  for (int round = 0; round < 1000; ++round) {
    fifo.push_back(next_in++);
    fifo.push_back(next_in++);
    ASSERT_EQ(fifo.front(), next_out);
    fifo.pop_front();
    ++next_out;
  }
  EXPECT_EQ(fifo.size(), 1000u);
  while (!fifo.empty()) {
    ASSERT_EQ(fifo.front(), next_out++);
    fifo.pop_front();
  }
  EXPECT_EQ(next_out, next_in);
}

TEST(FifoTest, ClearEmptiesIt) {
  Fifo<int> fifo;
  fifo.push_back(1);
  fifo.push_back(2);
  fifo.pop_front();
  fifo.clear();
  EXPECT_TRUE(fifo.empty());
  fifo.push_back(3);
  EXPECT_EQ(fifo.front(), 3);
}

}  // namespace
}  // namespace doharness::internal
