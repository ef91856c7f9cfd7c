// Frames come out whole however the bytes arrive, and garbage is told apart.
#include "isolation/protocol.h"

#include <string>

#include "gtest/gtest.h"

namespace doharness::isolation {
namespace {

TEST(ProtocolTest, FramesOfAnyContentComeOutWhole) {
  const std::string text("R12\n\0\nH", 7);
  const std::string bytes = EncodeFrame(Tag::kResult, text) + EncodeFrame(Tag::kStage, "") +
                            EncodeFrame(Tag::kHang, std::string(100000, 'x'));
  FrameReader reader;
  for (char c : bytes) reader.Append(std::string(1, c));  // one byte at a time
  std::optional<Frame> first = reader.Next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->tag, Tag::kResult);
  EXPECT_EQ(first->text, text);
  std::optional<Frame> second = reader.Next();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->tag, Tag::kStage);
  EXPECT_EQ(second->text, "");
  std::optional<Frame> third = reader.Next();
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->text.size(), 100000u);
  EXPECT_FALSE(reader.Next().has_value());
  EXPECT_FALSE(reader.malformed());
}

TEST(ProtocolTest, AFrameCutShortIsNotTaken) {
  FrameReader reader;
  reader.Append(EncodeFrame(Tag::kResult, "pass\tall good").substr(0, 8));
  EXPECT_FALSE(reader.Next().has_value());
  EXPECT_FALSE(reader.malformed());
}

TEST(ProtocolTest, BytesThatAreNotFramesAreMalformed) {
  for (const std::string& bytes : {std::string("hello world\n"), std::string("R\n"), std::string("Rx1\nx"), std::string(40, '9')}) {
    FrameReader reader;
    reader.Append(bytes);
    EXPECT_FALSE(reader.Next().has_value()) << bytes;
    EXPECT_TRUE(reader.malformed()) << bytes;
  }
}

}  // namespace
}  // namespace doharness::isolation
