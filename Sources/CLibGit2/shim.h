#ifndef PODSERVE_GATE_CLIBGIT2_SHIM_H
#define PODSERVE_GATE_CLIBGIT2_SHIM_H
/* Deprecated libgit2 names must not compile in this project. */
#define GIT_DEPRECATE_HARD
#include <git2.h>
#include <git2/sys/commit.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one fixed-arity wrapper per option we set. */
static inline int podserve_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
static inline int podserve_git_set_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}
#endif
