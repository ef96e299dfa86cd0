/* The floor under a full audit that reads objects through zlib (as libgit2 does): the time to inflate each
 * object it must read, one fresh stream per object (inflateInit, inflate, inflateEnd, a malloc'd buffer: what
 * libgit2 1.5's pack reader does for every object), and, when libdeflate is installed, the same with a
 * reused libdeflate decompressor (the fastest inflater this machine has). Input on stdin: git cat-file --batch
 * output of sample objects; each is compressed here at zlib's default level, as git pack-objects stores them.
 * Prints "<type> <count> <zlib ns per object> <libdeflate ns per object or -1>". */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

struct sample { unsigned char *packed; unsigned long packed_len; size_t raw_len; };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(void) {
    struct sample *commits = NULL, *trees = NULL;
    size_t ncommits = 0, ntrees = 0, cap = 0;
    char header[256];
    while (fgets(header, sizeof header, stdin)) {
        char id[64], type[16];
        size_t len;
        if (sscanf(header, "%63s %15s %zu", id, type, &len) != 3) return 2;
        unsigned char *raw = malloc(len + 1);
        if (fread(raw, 1, len + 1, stdin) != len + 1) return 2; /* content and its newline */
        /* the stored stream covers "type len\0" + content for loose objects but only content in packs */
        unsigned long bound = compressBound(len);
        unsigned char *packed = malloc(bound);
        if (compress2(packed, &bound, raw, len, Z_DEFAULT_COMPRESSION) != Z_OK) return 2;
        free(raw);
        if (ncommits + ntrees >= cap) {
            cap = cap ? cap * 2 : 1024;
            commits = realloc(commits, cap * sizeof *commits);
            trees = realloc(trees, cap * sizeof *trees);
        }
        struct sample s = {packed, bound, len};
        if (strcmp(type, "commit") == 0) commits[ncommits++] = s;
        else if (strcmp(type, "tree") == 0) trees[ntrees++] = s;
    }
    void *lib = dlopen("libdeflate.so.0", RTLD_NOW);
    void *(*alloc)(void) = lib ? (void *(*)(void))dlsym(lib, "libdeflate_alloc_decompressor") : NULL;
    int (*zdec)(void *, const void *, size_t, void *, size_t, size_t *) =
        lib ? (int (*)(void *, const void *, size_t, void *, size_t, size_t *))dlsym(lib, "libdeflate_zlib_decompress")
            : NULL;
    void *decompressor = alloc ? alloc() : NULL;
    struct { const char *name; struct sample *s; size_t n; } sets[] = {{"commit", commits, ncommits}, {"tree", trees, ntrees}};
    for (int k = 0; k < 2; k++) {
        size_t n = sets[k].n;
        if (n == 0) continue;
        double best = 1e18, best_d = 1e18;
        for (int round = 0; round < 5; round++) {
            double start = now();
            for (size_t i = 0; i < n; i++) {
                struct sample *s = &sets[k].s[i];
                z_stream z;
                memset(&z, 0, sizeof z);
                unsigned char *out = calloc(1, s->raw_len + 1);
                inflateInit(&z);
                z.next_in = s->packed; z.avail_in = (uInt)s->packed_len;
                z.next_out = out; z.avail_out = (uInt)s->raw_len + 1;
                if (inflate(&z, Z_FINISH) != Z_STREAM_END) return 3;
                inflateEnd(&z);
                free(out);
            }
            double took = (now() - start) / n;
            if (took < best) best = took;
            if (decompressor) {
                start = now();
                for (size_t i = 0; i < n; i++) {
                    struct sample *s = &sets[k].s[i];
                    unsigned char *out = malloc(s->raw_len + 1);
                    size_t got;
                    if (zdec(decompressor, s->packed, s->packed_len, out, s->raw_len, &got) != 0) return 3;
                    free(out);
                }
                took = (now() - start) / n;
                if (took < best_d) best_d = took;
            }
        }
        printf("%s %zu %.0f %.0f\n", sets[k].name, n, best, decompressor ? best_d : -1.0);
    }
    return 0;
}
