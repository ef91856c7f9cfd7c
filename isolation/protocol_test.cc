// Frames come out whole however the bytes arrive, and garbage is told apart.
#include "isolation/protocol.h"

#include <string>
#include <vector>

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

TEST(ProtocolTest, FramesTakenAsPiecesArriveKeepTheirOrderAndBytes) {
  const auto text_of = [](int i) { return std::string(i % 50, static_cast<char>('a' + i % 26)); };
  std::string stream;
  for (int i = 0; i < 3000; ++i) stream += EncodeFrame(Tag::kData, text_of(i));
  FrameReader reader;
  std::vector<std::string> texts;
  for (size_t at = 0; at < stream.size(); at += 7) {  // pieces that cut headers and texts
    reader.Append(std::string_view(stream).substr(at, 7));
    while (std::optional<Frame> frame = reader.Next()) texts.push_back(frame->text);
  }
  ASSERT_EQ(texts.size(), 3000u);
  for (int i = 0; i < 3000; ++i) EXPECT_EQ(texts[i], text_of(i)) << i;
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
