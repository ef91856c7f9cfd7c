#include <gmock/gmock.h>
#include <nlohmann/json.hpp>
#include <CLI/CLI.hpp>
TEST(S, A) { EXPECT_EQ(nlohmann::json::parse("1").get<int>(), 1); }
