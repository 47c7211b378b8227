/*
 * The raw-C comparator for the seed benchmark: reads a properties file (plain key=value
 * lines; no escapes or continuations, which the benchmark's inputs do not use), creates ROOT
 * and its parents, then creates one znode per key with the async API, at most WINDOW
 * requests in flight on one session. It plans nothing and guards nothing: the lower bound
 * for getting the bytes into ZooKeeper. Exits non-zero if any create fails.
 *
 *   seed_bench CONNECT ROOT FILE WINDOW
 */
#include "bench_window.h"

static void created(int rc, const char *value, const void *data) {
    (void)value; (void)data;
    /* A key written twice in the file (Seata's has one) exists already: not a failure. */
    bench_finish(rc != ZOK && rc != ZNODEEXISTS);
}

/* Creates PATH's ancestors and PATH, synchronously; existing ones are fine. */
static int create_path(zhandle_t *zh, const char *path) {
    char buffer[1024];
    for (const char *p = path + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            size_t n = (size_t)(p - path);
            memcpy(buffer, path, n);
            buffer[n] = '\0';
            int rc = zoo_create(zh, buffer, "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, NULL, 0);
            if (rc != ZOK && rc != ZNODEEXISTS) return rc;
            if (*p == '\0') return ZOK;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: seed_bench CONNECT ROOT FILE WINDOW\n"); return 64; }
    const char *connect = argv[1], *root = argv[2], *file = argv[3];
    int window = atoi(argv[4]);
    FILE *in = fopen(file, "r");
    if (!in) { perror(file); return 65; }
    zhandle_t *zh = bench_connect(connect);
    if (create_path(zh, root) != ZOK) { fprintf(stderr, "cannot create %s\n", root); return 70; }

    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int submitted = 0;
    while ((length = getline(&line, &capacity, in)) > 0) {
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = '\0';
        char *key = line;
        while (*key == ' ' || *key == '\t') key++;
        if (*key == '\0' || *key == '#' || *key == '!') continue;
        char *separator = strpbrk(key, "=:");
        const char *value = "";
        if (separator) {
            *separator = '\0';
            value = separator + 1;
            while (*value == ' ' || *value == '\t') value++;
        }
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", root, key);
        bench_acquire(window);
        /* The library copies path and data into its request before returning. */
        int rc = zoo_acreate(zh, path, value, (int)strlen(value), &ZOO_OPEN_ACL_UNSAFE, 0, created, NULL);
        if (rc != ZOK) { fprintf(stderr, "zoo_acreate %s: %d\n", path, rc); return 70; }
        submitted++;
    }
    free(line);
    fclose(in);
    bench_wait_all(submitted);
    zookeeper_close(zh);
    if (failures) { fprintf(stderr, "%d creates failed\n", failures); return 1; }
    return 0;
}
