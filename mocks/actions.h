// gMock actions for COM out-parameters. An interface pointer handed out through an
// out-parameter carries a reference that the caller releases (COM-doc), so a mock
// that gives one must AddRef it; testing::SetArgPointee does not, and the caller's
// Release would then free an object the test still uses.
//
//   auto file = MakeComObject<testing::NiceMock<MockFile>>();
//   EXPECT_CALL(*error, GetFile(testing::_))
//       .WillOnce(testing::DoAll(SetArgPointeeAddRef<0>(file.Get()), testing::Return(S_OK)));
#ifndef DOHARNESS_MOCKS_ACTIONS_H_
#define DOHARNESS_MOCKS_ACTIONS_H_

#include <cstddef>
#include <tuple>

namespace doharness::mocks {

// Stores `object` (which may be null) in the k-th (0-based) argument, a pointer to
// an interface pointer, with a reference that the callee now owns.
template <size_t k, class Interface>
auto SetArgPointeeAddRef(Interface* object) {
  return [object](const auto&... args) {
    if (object != nullptr) object->AddRef();
    *std::get<k>(std::tie(args...)) = object;
  };
}

}  // namespace doharness::mocks

#endif  // DOHARNESS_MOCKS_ACTIONS_H_
