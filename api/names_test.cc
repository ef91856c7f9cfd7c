// Names of ABI values and their parsers: every name, every inverse, the unknown
// values, and malformed input to every Parse function (which must refuse it, not
// crash). Also checks that every HRESULT macro of api/include has its name.
#include "api/names.h"

#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace doharness {
namespace {

// ---- HRESULTs --------------------------------------------------------------------------

// `text` without `prefix` and `suffix`, or nullopt when it lacks either.
std::optional<std::string> Between(std::string_view text, std::string_view prefix,
                                   std::string_view suffix) {
  if (text.size() < prefix.size() + suffix.size() || text.substr(0, prefix.size()) != prefix ||
      text.substr(text.size() - suffix.size()) != suffix) {
    return std::nullopt;
  }
  return std::string(text.substr(prefix.size(), text.size() - prefix.size() - suffix.size()));
}

// The HRESULT macros of the ABI headers (read from the runfiles), each with its
// value as the header computes it: "#define NAME ((HRESULT)0x...)" or
// "#define NAME BG_HTTP_STATUS_HRESULT(404)".
std::map<std::string, HRESULT> HresultMacrosOfHeaders() {
  std::map<std::string, HRESULT> macros;
  for (const char* header :
       {"api/include/doharness/portable_com.h", "api/include/doharness/portable_bits.h",
        "api/include/doharness/delivery_optimization_extras.h"}) {
    std::ifstream in(header);
    EXPECT_TRUE(in) << header;
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream words(line);
      std::string define, name, body;
      if (!(words >> define >> name >> body) || define != "#define") continue;
      if (const auto hex = Between(body, "((HRESULT)0x", ")")) {
        macros[name] = static_cast<HRESULT>(std::stoul(*hex, nullptr, 16));
      } else if (const auto status = Between(body, "BG_HTTP_STATUS_HRESULT(", ")")) {
        macros[name] = static_cast<HRESULT>(0x80190000u + std::stoul(*status));
      } else {
        // A macro named like an HRESULT must be in one of the forms above.
        for (const char* prefix : {"S_", "E_", "BG_S_", "BG_E_", "DO_E_"}) {
          if (name.rfind(prefix, 0) == 0) {
            ADD_FAILURE() << header << ": HRESULT macro in an unknown form: " << line;
          }
        }
      }
    }
  }
  return macros;
}

TEST(HresultNamesTest, EveryHeaderMacroHasItsNameBothWays) {
  const std::map<std::string, HRESULT> macros = HresultMacrosOfHeaders();
  // The headers as of writing define 129 (every code of mingw-w64's bitsmsg.h among
  // them); fewer means the scan went wrong.
  EXPECT_GE(macros.size(), 129u);
  for (const auto& [symbol, value] : macros) {
    EXPECT_EQ(HresultSymbol(value), symbol);
    EXPECT_EQ(ParseHresult(symbol), value) << symbol;
  }
}

TEST(HresultNamesTest, ScanSeesTheMacrosOfEachHeader) {
  const std::map<std::string, HRESULT> macros = HresultMacrosOfHeaders();
  EXPECT_EQ(macros.at("E_HANDLE"), E_HANDLE);
  EXPECT_EQ(macros.at("BG_E_TOO_MANY_JOBS_PER_MACHINE"), BG_E_TOO_MANY_JOBS_PER_MACHINE);
  EXPECT_EQ(macros.at("BG_E_HTTP_ERROR_404"), BG_E_HTTP_ERROR_404);
  EXPECT_EQ(macros.at("DO_E_BLOCKED_BY_NO_NETWORK"), DO_E_BLOCKED_BY_NO_NETWORK);
}

TEST(HresultNamesTest, NameIsSymbolAndHex) {
  EXPECT_EQ(HresultName(BG_E_INVALID_STATE), "BG_E_INVALID_STATE (0x80200002)");
  EXPECT_EQ(HresultName(S_OK), "S_OK (0x00000000)");
  EXPECT_EQ(HresultName(S_FALSE), "S_FALSE (0x00000001)");
  EXPECT_EQ(HresultName(E_UNEXPECTED), "E_UNEXPECTED (0x8000FFFF)");
  EXPECT_EQ(HresultName(BG_S_PARTIAL_COMPLETE), "BG_S_PARTIAL_COMPLETE (0x00200017)");
  EXPECT_EQ(HresultName(DO_E_JOB_EMPTY), "DO_E_JOB_EMPTY (0x80D02004)");
}

TEST(HresultNamesTest, UnknownValueIsBareHex) {
  EXPECT_EQ(HresultName(static_cast<HRESULT>(0x80001234)), "0x80001234");
  EXPECT_EQ(HresultName(0x00000002), "0x00000002");
  EXPECT_EQ(HresultName(static_cast<HRESULT>(0xFFFFFFFF)), "0xFFFFFFFF");
  EXPECT_EQ(HresultSymbol(static_cast<HRESULT>(0x80001234)), "");
}

TEST(HresultNamesTest, HttpStatusesAreComputed) {
  EXPECT_EQ(HresultName(BG_HTTP_STATUS_HRESULT(418)), "BG_E_HTTP_ERROR_418 (0x801901A2)");
  for (uint32_t status = 100; status <= 599; ++status) {
    const HRESULT hr = BG_HTTP_STATUS_HRESULT(status);
    const std::string symbol = "BG_E_HTTP_ERROR_" + std::to_string(status);
    EXPECT_EQ(HresultSymbol(hr), symbol);
    EXPECT_EQ(ParseHresult(symbol), hr);
  }
  EXPECT_EQ(HresultSymbol(BG_HTTP_STATUS_HRESULT(99)), "");
  EXPECT_EQ(HresultSymbol(BG_HTTP_STATUS_HRESULT(600)), "");
  EXPECT_EQ(HresultSymbol(BG_HTTP_STATUS_HRESULT(0)), "");
}

TEST(HresultNamesTest, ParsesNumbers) {
  EXPECT_EQ(ParseHresult("0x80004005"), E_FAIL);
  EXPECT_EQ(ParseHresult("0X80004005"), E_FAIL);
  EXPECT_EQ(ParseHresult("0x8000ffff"), E_UNEXPECTED);
  EXPECT_EQ(ParseHresult("0x0"), S_OK);
  EXPECT_EQ(ParseHresult("0"), S_OK);
  EXPECT_EQ(ParseHresult("1"), S_FALSE);
  EXPECT_EQ(ParseHresult("-2147467259"), E_FAIL);
  EXPECT_EQ(ParseHresult("2147500037"), E_FAIL);  // the unsigned reading
  EXPECT_EQ(ParseHresult("-2147483648"), static_cast<HRESULT>(0x80000000));
  EXPECT_EQ(ParseHresult("-0"), S_OK);
  EXPECT_EQ(ParseHresult("4294967295"), static_cast<HRESULT>(0xFFFFFFFF));
  EXPECT_EQ(ParseHresult("0xFFFFFFFF"), static_cast<HRESULT>(0xFFFFFFFF));
  EXPECT_EQ(ParseHresult("0x0000000080004005"), E_FAIL);
}

TEST(HresultNamesTest, HexOfNameParsesBack) {
  for (const HRESULT hr : {S_OK, E_FAIL, static_cast<HRESULT>(BG_E_HTTP_ERROR_404), static_cast<HRESULT>(0x80001234),
                           static_cast<HRESULT>(0x7FFFFFFF), static_cast<HRESULT>(0x80000000)}) {
    const std::string name = HresultName(hr);
    const std::string hex = name.substr(name.find("0x"), 10);
    EXPECT_EQ(ParseHresult(hex), hr) << name;
  }
}

TEST(HresultNamesTest, RejectsMalformed) {
  for (const std::string_view text : {"",
                                      " ",
                                      "E_FAIL ",
                                      " E_FAIL",
                                      "e_fail",
                                      "E_FAILX",
                                      "E_",
                                      "S_OK\n",
                                      "0x",
                                      "0X",
                                      "x1",
                                      "0x80004005 ",
                                      " 0x80004005",
                                      "0x8000400G",
                                      "0x100000000",
                                      "0xFFFFFFFFF",
                                      "4294967296",
                                      "99999999999999999999999",
                                      "-2147483649",
                                      "--1",
                                      "-",
                                      "+1",
                                      "-0x1",
                                      "0x-1",
                                      "0x+1",
                                      "1e3",
                                      "1.0",
                                      "0b101",
                                      "80004005h",
                                      "E_FAIL|E_ABORT",
                                      "BG_E_HTTP_ERROR_",
                                      "BG_E_HTTP_ERROR_99",
                                      "BG_E_HTTP_ERROR_600",
                                      "BG_E_HTTP_ERROR_0404",
                                      "BG_E_HTTP_ERROR_404x",
                                      "BG_E_HTTP_ERROR_+40",
                                      "BG_E_HTTP_ERROR_-40",
                                      "BG_E_HTTP_ERROR_0x194",
                                      "BG_E_HTTP_ERROR_1000",
                                      "bg_e_http_error_404",
                                      "BG_E_INVALID_STATE (0x80200002)",
                                      "0x80200002 (x)"}) {
    EXPECT_EQ(ParseHresult(text), std::nullopt) << "'" << text << "'";
  }
  // An embedded NUL is part of the text, not its end.
  EXPECT_EQ(ParseHresult(std::string_view("E_FAIL\0", 7)), std::nullopt);
  EXPECT_EQ(ParseHresult(std::string_view("0x1\0", 4)), std::nullopt);
}

// ---- Job states, error contexts, types, priorities ----------------------------------------

TEST(JobStateNamesTest, NamesEveryState) {
  const std::vector<std::string> names = {"QUEUED",      "CONNECTING",   "TRANSFERRING",
                                          "SUSPENDED",   "ERROR",        "TRANSIENT_ERROR",
                                          "TRANSFERRED", "ACKNOWLEDGED", "CANCELLED"};
  for (int i = 0; i < static_cast<int>(names.size()); ++i) {
    const auto state = static_cast<BG_JOB_STATE>(i);
    EXPECT_EQ(JobStateName(state), names[i]);
    EXPECT_EQ(ParseJobState(names[i]), state);
    EXPECT_EQ(ParseJobState("BG_JOB_STATE_" + names[i]), state);
  }
  EXPECT_EQ(JobStateName(BG_JOB_STATE_TRANSFERRED), "TRANSFERRED");
  EXPECT_EQ(JobStateName(BG_JOB_STATE_TRANSIENT_ERROR), "TRANSIENT_ERROR");
}

TEST(JobStateNamesTest, OutOfRangeShowsTheNumber) {
  EXPECT_EQ(JobStateName(static_cast<BG_JOB_STATE>(9)), "BG_JOB_STATE(9)");
  EXPECT_EQ(JobStateName(static_cast<BG_JOB_STATE>(42)), "BG_JOB_STATE(42)");
}

TEST(JobStateNamesTest, RejectsMalformed) {
  for (const std::string_view text :
       {"", "transferred", "Transferred", "TRANSFERRED ", " TRANSFERRED", "TRANSFERREDX",
        "BG_JOB_STATE_", "BG_JOB_STATE", "BG_JOB_STATE(6)", "BG_JOB_STATE(42)", "6", "0x6",
        "BG_JOB_STATE_BG_JOB_STATE_QUEUED", "BG_JOB_STATE_transferred", "JOB_STATE_QUEUED",
        "QUEUED|ERROR", "BG_NOTIFY_JOB_ERROR", "NONE"}) {
    EXPECT_EQ(ParseJobState(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(ErrorContextNamesTest, NamesEveryContext) {
  const std::vector<std::string> names = {
      "NONE",       "UNKNOWN",     "GENERAL_QUEUE_MANAGER", "QUEUE_MANAGER_NOTIFICATION",
      "LOCAL_FILE", "REMOTE_FILE", "GENERAL_TRANSPORT",     "REMOTE_APPLICATION"};
  for (int i = 0; i < static_cast<int>(names.size()); ++i) {
    const auto context = static_cast<BG_ERROR_CONTEXT>(i);
    EXPECT_EQ(ErrorContextName(context), names[i]);
    EXPECT_EQ(ParseErrorContext(names[i]), context);
    EXPECT_EQ(ParseErrorContext("BG_ERROR_CONTEXT_" + names[i]), context);
  }
  EXPECT_EQ(ErrorContextName(BG_ERROR_CONTEXT_REMOTE_FILE), "REMOTE_FILE");
}

TEST(ErrorContextNamesTest, OutOfRangeShowsTheNumber) {
  EXPECT_EQ(ErrorContextName(static_cast<BG_ERROR_CONTEXT>(8)), "BG_ERROR_CONTEXT(8)");
  EXPECT_EQ(ErrorContextName(static_cast<BG_ERROR_CONTEXT>(9)), "BG_ERROR_CONTEXT(9)");
}

TEST(ErrorContextNamesTest, RejectsMalformed) {
  for (const std::string_view text :
       {"", "remote_file", "REMOTE_FILE ", "REMOTE", "BG_ERROR_CONTEXT_", "BG_ERROR_CONTEXT(5)",
        "5", "BG_E_ERROR_CONTEXT_REMOTE_FILE", "BG_ERROR_CONTEXT_BG_ERROR_CONTEXT_NONE",
        "QUEUED"}) {
    EXPECT_EQ(ParseErrorContext(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(JobTypeNamesTest, NamesEveryType) {
  EXPECT_EQ(JobTypeName(BG_JOB_TYPE_DOWNLOAD), "DOWNLOAD");
  EXPECT_EQ(JobTypeName(BG_JOB_TYPE_UPLOAD), "UPLOAD");
  EXPECT_EQ(JobTypeName(BG_JOB_TYPE_UPLOAD_REPLY), "UPLOAD_REPLY");
  EXPECT_EQ(JobTypeName(static_cast<BG_JOB_TYPE>(3)), "BG_JOB_TYPE(3)");
}

TEST(JobPriorityNamesTest, NamesEveryPriority) {
  EXPECT_EQ(JobPriorityName(BG_JOB_PRIORITY_FOREGROUND), "FOREGROUND");
  EXPECT_EQ(JobPriorityName(BG_JOB_PRIORITY_HIGH), "HIGH");
  EXPECT_EQ(JobPriorityName(BG_JOB_PRIORITY_NORMAL), "NORMAL");
  EXPECT_EQ(JobPriorityName(BG_JOB_PRIORITY_LOW), "LOW");
  EXPECT_EQ(JobPriorityName(static_cast<BG_JOB_PRIORITY>(4)), "BG_JOB_PRIORITY(4)");
}

// ---- Notify flags ------------------------------------------------------------------------

TEST(NotifyFlagsNamesTest, NamesFlagSets) {
  EXPECT_EQ(NotifyFlagsName(0), "0");
  EXPECT_EQ(NotifyFlagsName(BG_NOTIFY_JOB_TRANSFERRED), "TRANSFERRED");
  EXPECT_EQ(NotifyFlagsName(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR), "TRANSFERRED|ERROR");
  EXPECT_EQ(NotifyFlagsName(0x0B), "TRANSFERRED|ERROR|MODIFICATION");
  EXPECT_EQ(NotifyFlagsName(0x1F), "TRANSFERRED|ERROR|DISABLE|MODIFICATION|FILE_TRANSFERRED");
  EXPECT_EQ(NotifyFlagsName(0x20), "FILE_RANGES_TRANSFERRED");
}

TEST(NotifyFlagsNamesTest, UnnamedBitsInHex) {
  EXPECT_EQ(NotifyFlagsName(0x41), "TRANSFERRED|0x40");
  EXPECT_EQ(NotifyFlagsName(0x40), "0x40");
  EXPECT_EQ(NotifyFlagsName(0x80000000), "0x80000000");
  EXPECT_EQ(NotifyFlagsName(0xFFFFFFFF),
            "TRANSFERRED|ERROR|DISABLE|MODIFICATION|FILE_TRANSFERRED|FILE_RANGES_TRANSFERRED|"
            "0xFFFFFFC0");
}

TEST(NotifyFlagsNamesTest, EveryCombinationRoundTrips) {
  std::set<std::string> names;
  for (ULONG flags = 0; flags <= 0x3F; ++flags) {
    const std::string name = NotifyFlagsName(flags);
    names.insert(name);
    EXPECT_EQ(ParseNotifyFlags(name), flags) << name;
  }
  EXPECT_EQ(names.size(), 64u) << "two flag sets share a name";
  for (const ULONG flags : {0x40u, 0x7Fu, 0x1000u, 0x80000001u, 0xFFFFFFFFu}) {
    EXPECT_EQ(ParseNotifyFlags(NotifyFlagsName(flags)), flags) << NotifyFlagsName(flags);
  }
}

TEST(NotifyFlagsNamesTest, ParsesMacroSpellingsAndNumbers) {
  EXPECT_EQ(ParseNotifyFlags("BG_NOTIFY_JOB_TRANSFERRED"), 0x01u);
  EXPECT_EQ(ParseNotifyFlags("BG_NOTIFY_JOB_TRANSFERRED|BG_NOTIFY_JOB_ERROR"), 0x03u);
  EXPECT_EQ(ParseNotifyFlags("BG_NOTIFY_DISABLE|BG_NOTIFY_JOB_MODIFICATION"), 0x0Cu);
  EXPECT_EQ(ParseNotifyFlags("BG_NOTIFY_FILE_TRANSFERRED|BG_NOTIFY_FILE_RANGES_TRANSFERRED"),
            0x30u);
  EXPECT_EQ(ParseNotifyFlags("TRANSFERRED|BG_NOTIFY_JOB_ERROR|0x8"), 0x0Bu);
  EXPECT_EQ(ParseNotifyFlags("0"), 0u);
  EXPECT_EQ(ParseNotifyFlags("3"), 3u);
  EXPECT_EQ(ParseNotifyFlags("0x1F"), 0x1Fu);
  EXPECT_EQ(ParseNotifyFlags("0x1f"), 0x1Fu);
  EXPECT_EQ(ParseNotifyFlags("0xFFFFFFFF"), 0xFFFFFFFFu);
  EXPECT_EQ(ParseNotifyFlags("ERROR|ERROR"), 0x02u);
  EXPECT_EQ(ParseNotifyFlags("ERROR|TRANSFERRED"), 0x03u);
}

TEST(NotifyFlagsNamesTest, RejectsMalformed) {
  for (const std::string_view text : {"",
                                      "|",
                                      "||",
                                      "TRANSFERRED|",
                                      "|ERROR",
                                      "TRANSFERRED||ERROR",
                                      "TRANSFERRED | ERROR",
                                      " TRANSFERRED",
                                      "TRANSFERRED ",
                                      "transferred",
                                      "JOB_TRANSFERRED",
                                      "BG_NOTIFY_TRANSFERRED",
                                      "BG_NOTIFY_JOB_DISABLE",
                                      "TRANSFERRED,ERROR",
                                      "TRANSFERRED+ERROR",
                                      "0x",
                                      "0x1G",
                                      "0x100000000",
                                      "4294967296",
                                      "-1",
                                      "+1",
                                      "1e2",
                                      "TRANSFERRED|-1",
                                      "TRANSFERRED|0x100000000",
                                      "NONE",
                                      "BG_NOTIFY_JOB_TRANSFERRED|"}) {
    EXPECT_EQ(ParseNotifyFlags(text), std::nullopt) << "'" << text << "'";
  }
  EXPECT_EQ(ParseNotifyFlags(std::string_view("ERROR\0", 6)), std::nullopt);
}

// ---- GUIDs and interfaces ------------------------------------------------------------------

TEST(GuidNamesTest, FormatsAsStringFromGuid2) {
  EXPECT_EQ(GuidToString(IID_IBackgroundCopyCallback), "{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}");
  EXPECT_EQ(GuidToString(IID_IUnknown), "{00000000-0000-0000-C000-000000000046}");
  EXPECT_EQ(GuidToString(GUID{}), "{00000000-0000-0000-0000-000000000000}");
  const GUID all_ones = {
      0xFFFFFFFF, 0xFFFF, 0xFFFF, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}};
  EXPECT_EQ(GuidToString(all_ones), "{FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF}");
}

// The table of docs/contract.md section 1 (and IDeliveryOptimizationJob of section 5),
// parsed, is the constants of the ABI.
TEST(GuidNamesTest, ContractTableParsesToTheAbiConstants) {
  const std::vector<std::pair<std::string_view, GUID>> table = {
      {"00000000-0000-0000-C000-000000000046", IID_IUnknown},
      {"97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22", IID_IBackgroundCopyCallback},
      {"659CDEAC-489E-11D9-A9CD-000D56965251", IID_IBackgroundCopyCallback2},
      {"5CE34C0D-0DC9-4C1F-897C-DAA1B78CEE7C", IID_IBackgroundCopyManager},
      {"37668D37-507E-4160-9316-26306D150B12", IID_IBackgroundCopyJob},
      {"01B7BD23-FB88-4A77-8490-5891D3E4653A", IID_IBackgroundCopyFile},
      {"19C613A0-FCB8-4F28-81AE-897C3D078F81", IID_IBackgroundCopyError},
      {"1AF4F612-3B71-466F-8F58-7B6F73AC57AD", IID_IEnumBackgroundCopyJobs},
      {"CA51E165-C365-424C-8D41-24AAA4FF3C40", IID_IEnumBackgroundCopyFiles},
      {"5B99FA76-721C-423C-ADAC-56D03C8A8007", CLSID_DeliveryOptimization},
      {"4991D34B-80A1-4291-83B6-3328366B9097", CLSID_BackgroundCopyManager},
      {"EE2584CF-A69C-4848-B633-2649962B3EF7", IID_IDeliveryOptimizationJob},
  };
  for (const auto& [text, guid] : table) {
    const std::optional<GUID> parsed = ParseGuid(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, guid) << text;
    EXPECT_EQ(GuidToString(guid), "{" + std::string(text) + "}");
  }
}

TEST(GuidNamesTest, ParsesWithOrWithoutBracesInAnyCase) {
  for (const std::string_view text :
       {"{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}", "97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22",
        "{97ea99c7-0186-4ad4-8df9-c5b4e0ed6b22}", "97ea99c7-0186-4AD4-8df9-C5b4E0eD6b22"}) {
    const std::optional<GUID> guid = ParseGuid(text);
    ASSERT_TRUE(guid.has_value()) << text;
    EXPECT_EQ(*guid, IID_IBackgroundCopyCallback) << text;
  }
}

TEST(GuidNamesTest, RandomGuidsRoundTrip) {
  std::mt19937 random(20240601);
  for (int i = 0; i < 1000; ++i) {
    GUID guid;
    guid.Data1 = random();
    guid.Data2 = static_cast<uint16_t>(random());
    guid.Data3 = static_cast<uint16_t>(random());
    for (uint8_t& byte : guid.Data4) byte = static_cast<uint8_t>(random());
    const std::string text = GuidToString(guid);
    const std::optional<GUID> parsed = ParseGuid(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, guid) << text;
  }
}

TEST(GuidNamesTest, RejectsMalformed) {
  const std::string good = "{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}";
  // Every proper prefix and every one-character deletion is incomplete.
  for (size_t i = 0; i < good.size(); ++i) {
    EXPECT_EQ(ParseGuid(good.substr(0, i)), std::nullopt) << good.substr(0, i);
    std::string shorter = good;
    shorter.erase(i, 1);
    EXPECT_EQ(ParseGuid(shorter), std::nullopt) << shorter;
  }
  for (const std::string_view text : {"{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22",
                                      "97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}",
                                      "{{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}}",
                                      "{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}x",
                                      "97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B220",
                                      " 97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22",
                                      "97EA99C701864AD48DF9C5B4E0ED6B22",
                                      "97EA99C7-0186-4AD4-8DF9C-5B4E0ED6B22",
                                      "97EA99C7-0186-4AD48-DF9-C5B4E0ED6B22",
                                      "97EA99C7_0186_4AD4_8DF9_C5B4E0ED6B22",
                                      "G7EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22",
                                      "97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B2G",
                                      "+7EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22",
                                      "97EA99C7-+186-4AD4-8DF9-C5B4E0ED6B22",
                                      "(97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22)",
                                      "0x97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22",
                                      "",
                                      "{}",
                                      "{",
                                      "}",
                                      "-",
                                      "IBackgroundCopyCallback"}) {
    EXPECT_EQ(ParseGuid(text), std::nullopt) << "'" << text << "'";
  }
  EXPECT_EQ(ParseGuid(std::string_view("97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22\0", 37)),
            std::nullopt);
}

TEST(InterfaceNamesTest, NamesEveryAbiInterface) {
  EXPECT_EQ(InterfaceName(IID_IUnknown), "IUnknown");
  EXPECT_EQ(InterfaceName(IID_IBackgroundCopyCallback), "IBackgroundCopyCallback");
  EXPECT_EQ(InterfaceName(IID_IBackgroundCopyCallback2), "IBackgroundCopyCallback2");
  EXPECT_EQ(InterfaceName(IID_IBackgroundCopyManager), "IBackgroundCopyManager");
  EXPECT_EQ(InterfaceName(IID_IBackgroundCopyJob), "IBackgroundCopyJob");
  EXPECT_EQ(InterfaceName(IID_IBackgroundCopyFile), "IBackgroundCopyFile");
  EXPECT_EQ(InterfaceName(IID_IBackgroundCopyError), "IBackgroundCopyError");
  EXPECT_EQ(InterfaceName(IID_IEnumBackgroundCopyJobs), "IEnumBackgroundCopyJobs");
  EXPECT_EQ(InterfaceName(IID_IEnumBackgroundCopyFiles), "IEnumBackgroundCopyFiles");
  EXPECT_EQ(InterfaceName(IID_IDeliveryOptimizationJob), "IDeliveryOptimizationJob");
}

TEST(InterfaceNamesTest, OtherGuidsAsString) {
  // A class id is no interface.
  EXPECT_EQ(InterfaceName(CLSID_DeliveryOptimization), "{5B99FA76-721C-423C-ADAC-56D03C8A8007}");
  GUID unknown = IID_IBackgroundCopyCallback;
  unknown.Data4[7] = 0x23;
  EXPECT_EQ(InterfaceName(unknown), "{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B23}");
}

// ---- Robustness ------------------------------------------------------------------------------

// Random texts from the characters the grammars use (and some they do not), and
// mutations of valid texts: every parser answers, none crashes or reads out of
// bounds (run under ASan), and whatever they accept names itself back.
TEST(ParseRobustnessTest, RandomAndMutatedInputNeverCrash) {
  const std::string alphabet = std::string("0123456789abcdefABCDEFxX-+|{}_ ") +
                               "BGEJNOSTRIFYLUPQMDHWAK()" + std::string("\0\xff\x80", 3);
  const std::vector<std::string> seeds = {"BG_E_HTTP_ERROR_404",
                                          "0x80004005",
                                          "-2147467259",
                                          "TRANSFERRED|ERROR|0x40",
                                          "BG_NOTIFY_JOB_MODIFICATION",
                                          "BG_JOB_STATE_TRANSIENT_ERROR",
                                          "REMOTE_APPLICATION",
                                          "{97EA99C7-0186-4AD4-8DF9-C5B4E0ED6B22}"};
  std::mt19937 random(7);
  const auto check = [](const std::string& text) {
    // A symbol or a number, no third spelling.
    if (const auto hr = ParseHresult(text)) {
      const bool number = text[0] == '-' || std::isdigit(static_cast<unsigned char>(text[0]));
      EXPECT_TRUE(number || HresultSymbol(*hr) == text) << text;
    }
    if (const auto state = ParseJobState(text)) {
      EXPECT_EQ(ParseJobState(JobStateName(*state)), state) << text;
    }
    if (const auto context = ParseErrorContext(text)) {
      EXPECT_EQ(ParseErrorContext(ErrorContextName(*context)), context) << text;
    }
    if (const auto flags = ParseNotifyFlags(text)) {
      EXPECT_EQ(ParseNotifyFlags(NotifyFlagsName(*flags)), flags) << text;
    }
    if (const auto guid = ParseGuid(text)) {
      EXPECT_EQ(ParseGuid(GuidToString(*guid)), guid) << text;
    }
  };
  for (int i = 0; i < 20000; ++i) {
    std::string text(random() % 48, '\0');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    check(text);
  }
  for (const std::string& seed : seeds) {
    for (size_t i = 0; i <= seed.size(); ++i) {
      check(seed.substr(0, i));
      for (const char c : alphabet) {
        std::string changed = seed;
        if (i < seed.size()) {
          changed[i] = c;
        } else {
          changed += c;
        }
        check(changed);
      }
    }
  }
}

}  // namespace
}  // namespace doharness
