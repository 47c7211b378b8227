#ifndef ZKCC_CONCURRENCY_HOOK_H
#define ZKCC_CONCURRENCY_HOOK_H

/// The address of the Swift runtime's `swift_task_enqueueGlobal_hook`, found by the linker.
///
/// SwiftNIO finds it with `dlsym`, which works only when the runtime is a shared library: with
/// `--static-swift-stdlib` (what `Tools/install.sh` ships) the symbol is not in the dynamic
/// symbol table, and the takeover silently does nothing.
void *_Nullable *_Nonnull zkcc_swift_task_enqueueGlobal_hook_address(void);

#endif
