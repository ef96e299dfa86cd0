#ifndef PODSERVE_GATE_CLIBGIT2_SHIM_H
#define PODSERVE_GATE_CLIBGIT2_SHIM_H
/* Deprecated libgit2 names must not compile in this project. */
#define GIT_DEPRECATE_HARD
#include <git2.h>
#include <git2/sys/commit.h>
#include <git2/sys/repository.h>
#include <string.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one fixed-arity wrapper per option we set. */
static inline int podserve_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
static inline int podserve_git_set_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}
static inline int podserve_git_set_cache_object_limit(git_object_t type, size_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size);
}

/* Raw-object scanning for audits of long histories (Git/CommitScan.swift): reading a commit or tree with
 * git_odb_read and picking out the few fields an audit needs costs far less than libgit2's full parse
 * (signatures, every tree entry). */

/* Parses the header of a raw commit object: its tree, its parents (up to `capacity` stored; `*parent_count` is
 * the full count) and where the message starts (after the blank line ending the header; `len` when none).
 * Returns 0, or -1 when the object does not start with a tree line. */
static inline int podserve_parse_commit(const char *data, size_t len, git_oid *tree, git_oid *parents,
                                        size_t capacity, size_t *parent_count, size_t *message_offset) {
    size_t count = 0, at;
    if (len < 46 || memcmp(data, "tree ", 5) != 0 || data[45] != '\n' || git_oid_fromstrn(tree, data + 5, 40) < 0)
        return -1;
    at = 46;
    while (len - at >= 48 && memcmp(data + at, "parent ", 7) == 0 && data[at + 47] == '\n') {
        if (count < capacity && git_oid_fromstrn(&parents[count], data + at + 7, 40) < 0) return -1;
        count++;
        at += 48;
    }
    *parent_count = count;
    /* The header ends at the first empty line (continuation lines of a gpgsig header start with a space);
     * search from the newline that ends the last line parsed. */
    *message_offset = len;
    for (at = at - 1; at < len;) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t pos;
        if (!nl) break;
        pos = (size_t)(nl - data);
        if (pos + 1 >= len) break;
        if (data[pos + 1] == '\n') { *message_offset = pos + 2; break; }
        at = pos + 1;
    }
    return 0;
}

/* The committer timestamp (seconds since the epoch) of a raw commit whose header ends at `header_len`;
 * 0 when there is no parsable committer line. */
static inline long long podserve_committer_time(const char *data, size_t header_len) {
    size_t at = 0;
    while (at < header_len) {
        const char *nl = memchr(data + at, '\n', header_len - at);
        size_t end = nl ? (size_t)(nl - data) : header_len;
        if (end - at > 10 && memcmp(data + at, "committer ", 10) == 0) {
            size_t gt = end;
            long long value = 0;
            while (gt > at && data[gt - 1] != '>') gt--;
            while (gt < end && data[gt] == ' ') gt++;
            while (gt < end && data[gt] >= '0' && data[gt] <= '9') value = value * 10 + (data[gt++] - '0');
            return value;
        }
        at = end + 1;
    }
    return 0;
}

/* Finds the entry `name` in a raw tree object ("<octal mode> <name>\0<20-byte id>" repeated). Returns 1 and
 * sets `out` when it is a directory, 0 when absent or not a directory, -1 when the tree is malformed. */
static inline int podserve_tree_directory(const unsigned char *data, size_t len, const char *name, size_t name_len,
                                          git_oid *out) {
    size_t at = 0;
    while (at < len) {
        unsigned mode = 0;
        size_t start, end;
        const unsigned char *nul;
        while (at < len && data[at] >= '0' && data[at] <= '7') mode = (mode << 3) | (unsigned)(data[at++] - '0');
        if (at >= len || data[at] != ' ') return -1;
        start = at + 1;
        nul = memchr(data + start, 0, len - start);
        if (!nul) return -1;
        end = (size_t)(nul - data);
        if (len - end < 21) return -1;
        if (end - start == name_len && memcmp(data + start, name, name_len) == 0) {
            if ((mode & 0170000) != 0040000) return 0;
            memcpy(out->id, data + end + 1, 20);
            return 1;
        }
        at = end + 21;
    }
    return 0;
}

/* Whether `needle` (non-empty) occurs in the `len` bytes at `data`. */
static inline int podserve_contains(const char *data, size_t len, const char *needle, size_t needle_len) {
    const char *at = data, *end = data + len;
    if (needle_len == 0) return 1;
    while ((size_t)(end - at) >= needle_len) {
        const char *hit = memchr(at, needle[0], (size_t)(end - at) - needle_len + 1);
        if (!hit) return 0;
        if (memcmp(hit, needle, needle_len) == 0) return 1;
        at = hit + 1;
    }
    return 0;
}

/* The object store's seal (Git/ObjectStoreSeal.swift) checks every object of a pack added since an audit:
 * git_odb_foreach takes a C callback, so the check runs here. Each object of `odb` is read and must hash to its
 * id, and so must each copy of it in `others` (the packs the seal never checked: the new copy may be read in front
 * of one of them, which the audit read); at most `budget` are read. Returns 0 when all hold, 1 when there were
 * more than `budget` (stopped), 2 when one does not read or does not match (`*bad` names it), or a libgit2 error
 * from the walk. */
typedef struct {
    git_odb *odb;
    git_odb **others;
    size_t count;
    size_t budget;
    size_t checked;
    git_oid bad;
} podserve_pack_check;
static inline int podserve_holds_content(git_odb *odb, const git_oid *id) {
    git_odb_object *object = NULL;
    git_oid computed;
    int rc;
    if (git_odb_read(&object, odb, id) < 0) return 0;
    rc = git_odb_hash(&computed, git_odb_object_data(object), git_odb_object_size(object),
                      git_odb_object_type(object));
    git_odb_object_free(object);
    return rc == 0 && git_oid_equal(&computed, id);
}
static inline int podserve_check_object(const git_oid *id, void *payload) {
    podserve_pack_check *check = (podserve_pack_check *)payload;
    size_t i;
    if (check->checked >= check->budget) return 1;
    check->checked++;
    if (!podserve_holds_content(check->odb, id)) { check->bad = *id; return 2; }
    for (i = 0; i < check->count; i++) {
        if (!git_odb_exists_ext(check->others[i], id, GIT_ODB_LOOKUP_NO_REFRESH)) continue;
        if (check->checked >= check->budget) return 1;
        check->checked++;
        if (!podserve_holds_content(check->others[i], id)) { check->bad = *id; return 2; }
    }
    return 0;
}
static inline int podserve_check_pack(git_odb *odb, git_odb **others, size_t count, size_t budget, size_t *checked,
                                      git_oid *bad) {
    podserve_pack_check check = {odb, others, count, budget, 0, {{0}}};
    int rc = git_odb_foreach(odb, podserve_check_object, &check);
    *checked = check.checked;
    *bad = check.bad;
    return rc;
}

#endif
