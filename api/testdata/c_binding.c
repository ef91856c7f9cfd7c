/* The C binding of the portable headers, seen from C: how many slots each interface's
 * table has. abi_test compares them with the C++ vtables. Compiled as C99 with
 * COBJMACROS, so that the call macros are compiled too. */
#define COBJMACROS
#include <string.h>

#include "bits.h"
#include "bits1_5.h"
#include "bits2_0.h"
#include "bits3_0.h"

#define SLOTS(Interface) {#Interface, sizeof(Interface##Vtbl) / sizeof(void (*)(void))}

static const struct {
  const char* name;
  size_t slots;
} kTables[] = {
    SLOTS(IUnknown),
    SLOTS(IBackgroundCopyFile),
    SLOTS(IBackgroundCopyFile2),
    SLOTS(IBackgroundCopyFile3),
    SLOTS(IEnumBackgroundCopyFiles),
    SLOTS(IBackgroundCopyError),
    SLOTS(IBackgroundCopyJob),
    SLOTS(IBackgroundCopyJob2),
    SLOTS(IBackgroundCopyJob3),
    SLOTS(IEnumBackgroundCopyJobs),
    SLOTS(IBackgroundCopyCallback),
    SLOTS(IBackgroundCopyCallback2),
    SLOTS(IBackgroundCopyManager),
};

/* The slot count of the C table named `name`, or 0 for a name it does not know. */
size_t DoHarnessCTableSlots(const char* name) {
  size_t i;
  for (i = 0; i < sizeof(kTables) / sizeof(kTables[0]); ++i) {
    if (strcmp(kTables[i].name, name) == 0) return kTables[i].slots;
  }
  return 0;
}

/* A call through a macro, for abi_test to see which method it reaches. */
HRESULT DoHarnessCCallFileTransferred(IBackgroundCopyCallback2* callback, IBackgroundCopyJob* job,
                                      IBackgroundCopyFile* file) {
  return IBackgroundCopyCallback2_FileTransferred(callback, job, file);
}
