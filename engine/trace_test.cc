#include "engine/trace.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace doharness {
namespace {

TraceEvent Event(int64_t t, const char* method, nlohmann::ordered_json args, const char* result) {
  TraceEvent e;
  e.time = VirtualTime(t);
  e.thread = "worker-2";
  e.job = 3;
  e.kind = TraceEvent::Kind::kClient;
  e.method = method;
  e.args = std::move(args);
  e.result = result;
  return e;
}

TEST(TraceTest, WritesOneObjectALineWithTheOptionalKeysLeftOutWhenEmpty) {
  Trace trace;
  trace.Append(Event(5, "SetDisplayName", {{"name", "a"}, {"size", 2}}, "S_OK (0x00000000)"));
  trace.Append(Event(6, "", nlohmann::ordered_json::object(), ""));
  EXPECT_EQ(trace.ToJsonLines(),
            "{\"t_us\":5,\"thread\":\"worker-2\",\"job\":3,\"event\":\"client\",\"method\":\"SetDisplayName\","
            "\"args\":{\"name\":\"a\",\"size\":2},\"result\":\"S_OK (0x00000000)\"}\n"
            "{\"t_us\":6,\"thread\":\"worker-2\",\"job\":3,\"event\":\"client\"}\n");
}

TEST(TraceTest, EscapesNamesAndArgumentsAsJson) {
  Trace trace;
  trace.Append(Event(0, "quote\"back\\slash", {{"text", "tab\tnew\nline"}}, "\x01"));
  const nlohmann::ordered_json line = nlohmann::ordered_json::parse(trace.ToJsonLines());
  EXPECT_EQ(line["method"], "quote\"back\\slash");
  EXPECT_EQ(line["args"]["text"], "tab\tnew\nline");
  EXPECT_EQ(line["result"], "\x01");
}

TEST(TraceTest, EventsComeBackAsAppended) {
  Trace trace;
  trace.Append(Event(1, "AddFile", {{"remote", "http://h/f"}, {"size", 65536}}, "S_OK (0x00000000)"));
  trace.Append(Event(2, "AddFile", {{"remote", "http://h/g"}}, "E_INVALIDARG (0x80070057)"));
  const std::vector<TraceEvent> events = trace.Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].time, VirtualTime(2));
  EXPECT_EQ(events[1].thread, "worker-2");
  EXPECT_EQ(events[1].job, 3u);
  EXPECT_EQ(events[1].kind, TraceEvent::Kind::kClient);
  EXPECT_EQ(events[0].method, "AddFile");
  EXPECT_EQ(events[0].args["size"], 65536);
  EXPECT_EQ(events[1].args.dump(), "{\"remote\":\"http://h/g\"}");
  EXPECT_EQ(events[1].result, "E_INVALIDARG (0x80070057)");
  EXPECT_EQ(trace.size(), 2u);
}

// Names repeat in every run: they are kept once, so events cost their record and
// their arguments' text.
TEST(TraceTest, StoresARepeatedEventInFewBytes) {
  Trace trace;
  trace.Append(Event(0, "GetState", nlohmann::ordered_json::object(), "S_OK (0x00000000)"));
  const size_t first = trace.StoredBytes();
  for (int i = 1; i <= 1000; ++i) {
    trace.Append(Event(i, "GetState", nlohmann::ordered_json::object(), "S_OK (0x00000000)"));
  }
  EXPECT_LT((trace.StoredBytes() - first) / 1000, 100u);
}

}  // namespace
}  // namespace doharness
