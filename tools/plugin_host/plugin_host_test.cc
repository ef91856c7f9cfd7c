// LoadPlugin and CreateFromPlugin on the test plugins of testdata/ (one per way a
// plugin can be wrong) and on the reference plugin: every error message word for word
// (the doharness command prints them as they are), and good plugins loaded and used.
#include "tools/plugin_host/plugin_host.h"

#include <unistd.h>

#include <string>
#include <variant>

#include "api/com_ptr.h"
#include "deliveryoptimization.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace doharness::tools {
namespace {

using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

// Test data, relative to the test's working directory (the runfiles root).
const std::string kTestData = "tools/plugin_host/testdata/";
std::string TestPlugin(const std::string& name) { return kTestData + "lib" + name + ".so"; }

// The error LoadPlugin gives for `path` ("" if it loaded).
std::string LoadError(const std::string& path) {
  PluginOrError loaded = LoadPlugin(path);
  const std::string* error = std::get_if<std::string>(&loaded);
  return error != nullptr ? *error : "";
}

// Loads `path`, which must load; on failure the test fails with LoadPlugin's reason.
Plugin MustLoad(const std::string& path) {
  PluginOrError loaded = LoadPlugin(path);
  if (const std::string* error = std::get_if<std::string>(&loaded)) {
    ADD_FAILURE() << *error;
    return Plugin{};
  }
  return std::get<Plugin>(loaded);
}

// The error CreateFromPlugin gives for the plugin at `path` ("" if it made an object).
std::string CreateError(const std::string& path) {
  const Plugin plugin = MustLoad(path);
  if (plugin.factory == nullptr) return "";
  CallbackOrError made = CreateFromPlugin(plugin);
  const std::string* error = std::get_if<std::string>(&made);
  return error != nullptr ? *error : "";
}

// Makes an object with the plugin at `path`, checks that it is a callback answering
// `iid`, and that the caller's reference is its only one.
void ExpectWorkingCallback(const std::string& path, REFIID iid) {
  const Plugin plugin = MustLoad(path);
  ASSERT_NE(plugin.factory, nullptr);
  EXPECT_EQ(plugin.abi, 1u);
  EXPECT_EQ(plugin.path, path);
  CallbackOrError made = CreateFromPlugin(plugin);
  ASSERT_TRUE(std::holds_alternative<ComPtr<IUnknown>>(made)) << std::get<std::string>(made);
  IUnknown* object = std::get<ComPtr<IUnknown>>(made).Detach();
  IUnknown* answer = nullptr;
  ASSERT_EQ(object->QueryInterface(iid, reinterpret_cast<void**>(&answer)), S_OK);
  EXPECT_EQ(answer->Release(), 1u);
  EXPECT_EQ(object->Release(), 0u);
}

TEST(LoadPluginTest, LoadsAGoodPluginAndMakesCallbacks) {
  ExpectWorkingCallback(TestPlugin("good"), IID_IBackgroundCopyCallback);
}

TEST(LoadPluginTest, DoHarnessPluginAbiIsOptional) {
  ExpectWorkingCallback(TestPlugin("no_abi"), IID_IBackgroundCopyCallback);
}

TEST(LoadPluginTest, LoadsTheReferencePlugin) {
  ExpectWorkingCallback("examples/reference_callback/libreference_callback.so",
                        IID_IBackgroundCopyCallback2);
}

TEST(LoadPluginTest, LoadingTwiceGivesTheSameFactory) {
  EXPECT_EQ(MustLoad(TestPlugin("good")).factory, MustLoad(TestPlugin("good")).factory);
}

TEST(LoadPluginTest, MissingFile) {
  const std::string path = kTestData + "libmissing.so";
  EXPECT_EQ(LoadError(path),
            "cannot load " + path + ": " + path + ": cannot open shared object file: No such file or directory");
}

TEST(LoadPluginTest, TextFileNamedSo) {
  const std::string path = kTestData + "not_a_library.so";
  const std::string error = LoadError(path);
  EXPECT_THAT(error, StartsWith(path + " is not a loadable library: " + path + ": "));
  EXPECT_THAT(error, Not(HasSubstr("\n")));
}

TEST(LoadPluginTest, LibraryWithAnUnresolvedSymbol) {
  const std::string path = TestPlugin("unresolved");
  EXPECT_EQ(LoadError(path), "cannot load " + path + ": " + path +
                                 ": undefined symbol: DoHarnessTestSymbolThatNothingDefines");
}

TEST(LoadPluginTest, MissingFactory) {
  const std::string path = TestPlugin("no_factory");
  EXPECT_EQ(LoadError(path), path + " does not export DoHarnessCreateCallback (declare it extern \"C\")");
}

TEST(LoadPluginTest, WrongAbi) {
  const std::string path = TestPlugin("abi7");
  EXPECT_EQ(LoadError(path), path + " was built for plugin ABI 7; this doharness speaks 1");
}

// A name without a slash is a file in the current directory, never a library the
// loader finds on its search path.
TEST(LoadPluginTest, PathWithoutASlashIsInTheCurrentDirectory) {
  EXPECT_EQ(LoadError("libc.so.6"),
            "cannot load libc.so.6: ./libc.so.6: cannot open shared object file: No such file or directory");
  char* cwd = getcwd(nullptr, 0);
  ASSERT_NE(cwd, nullptr);
  ASSERT_EQ(chdir(kTestData.c_str()), 0);
  PluginOrError loaded = LoadPlugin("libgood.so");
  EXPECT_EQ(chdir(cwd), 0);
  free(cwd);
  ASSERT_TRUE(std::holds_alternative<Plugin>(loaded)) << std::get<std::string>(loaded);
  EXPECT_EQ(std::get<Plugin>(loaded).path, "libgood.so");
}

TEST(CreateFromPluginTest, FactoryFails) {
  const std::string path = TestPlugin("fails");
  EXPECT_EQ(CreateError(path), path + ": DoHarnessCreateCallback failed with E_OUTOFMEMORY (0x8007000E)");
}

TEST(CreateFromPluginTest, FactoryReturnsNoObject) {
  const std::string path = TestPlugin("null_object");
  EXPECT_EQ(CreateError(path),
            path + ": DoHarnessCreateCallback returned S_OK (0x00000000) but no object");
}

TEST(CreateFromPluginTest, FactoryThrows) {
  const std::string path = TestPlugin("throws");
  EXPECT_EQ(CreateError(path), path + ": DoHarnessCreateCallback threw an exception: no callback today");
}

}  // namespace
}  // namespace doharness::tools
