#ifndef CZOOKEEPER_SHIM_H
#define CZOOKEEPER_SHIM_H

// The multi-threaded client: an IO thread and a completion thread per handle. The header
// declares the thread-safe async API and the THREADED-only pieces only with this defined.
#ifndef THREADED
#define THREADED
#endif

#include <zookeeper/zookeeper.h>
#include <stdio.h>
#include <sys/types.h>

#if defined(__linux__)
// glibc's fopencookie, declared under a name of our own: the Glibc module Swift imports is
// built without _GNU_SOURCE, which hides the real declaration. The asm label binds this
// declaration to the real symbol; the struct has glibc's cookie_io_functions_t layout.
// Used to route the C library's global log stream into swift-log.
struct czk_cookie_io_functions {
    ssize_t (*read)(void *cookie, char *buffer, size_t size);
    ssize_t (*write)(void *cookie, const char *buffer, size_t size);
    int (*seek)(void *cookie, long long *offset, int whence);
    int (*close)(void *cookie);
};
FILE *czk_fopencookie(void *cookie, const char *mode, struct czk_cookie_io_functions functions)
    __asm__("fopencookie");
#endif

// Not re-exported on purpose: the library's `struct ACL_vector` globals
// (ZOO_OPEN_ACL_UNSAFE, ZOO_READ_ACL_UNSAFE, ZOO_CREATOR_ALL_ACL) and `struct Id` globals
// are mutable C globals that Swift 6 rejects as not concurrency-safe. The Swift module
// builds the same ACLs itself (see ACLEntry); the integer constants import as `let`s.

#endif
