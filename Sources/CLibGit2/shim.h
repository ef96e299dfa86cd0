#ifndef PODSERVE_GATE_CLIBGIT2_SHIM_H
#define PODSERVE_GATE_CLIBGIT2_SHIM_H
/* Deprecated libgit2 names must not compile in this project. */
#define GIT_DEPRECATE_HARD
#include <git2.h>
#include <git2/sys/commit.h>
#endif
