/*
 * The comparator for the ZooKeeperClient benchmark: the raw ZooKeeper C async API, doing
 * N creates, then N gets, then N deletes under ROOT with at most WINDOW requests in flight
 * on one session. Prints one line per phase: "<phase> <n> <seconds>".
 *
 *   zk_bench CONNECT ROOT N WINDOW
 */
#include "bench_window.h"

/* Like the Swift client, copy what the completion delivers before returning. */
static void string_done(int rc, const char *value, const void *data) {
    (void)data;
    if (value) { char copy[256]; strncpy(copy, value, sizeof copy - 1); }
    bench_finish(rc != ZOK);
}
static void data_done(int rc, const char *value, int len, const struct Stat *stat, const void *data) {
    (void)stat; (void)data;
    if (value && len > 0) { char *copy = malloc(len); memcpy(copy, value, len); free(copy); }
    bench_finish(rc != ZOK);
}
static void void_done(int rc, const void *data) { (void)data; bench_finish(rc != ZOK); }

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: zk_bench CONNECT ROOT N WINDOW\n"); return 64; }
    const char *connect = argv[1], *root = argv[2];
    int n = atoi(argv[3]), window = atoi(argv[4]);
    zhandle_t *zh = bench_connect(connect);

    char value[16];
    memset(value, 'v', sizeof value);
    char path[512];
    zoo_create(zh, root, "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, NULL, 0);

    const char *phases[] = {"create", "get", "delete"};
    for (int phase = 0; phase < 3; phase++) {
        done = 0; failures = 0;
        double start = bench_now();
        for (int i = 0; i < n; i++) {
            snprintf(path, sizeof path, "%s/n%d", root, i);
            bench_acquire(window);
            int rc;
            if (phase == 0) rc = zoo_acreate(zh, path, value, sizeof value, &ZOO_OPEN_ACL_UNSAFE, 0, string_done, NULL);
            else if (phase == 1) rc = zoo_aget(zh, path, 0, data_done, NULL);
            else rc = zoo_adelete(zh, path, -1, void_done, NULL);
            if (rc != ZOK) { fprintf(stderr, "submit failed: %s\n", zerror(rc)); return 70; }
        }
        bench_wait_all(n);
        double elapsed = bench_now() - start;
        if (failures) { fprintf(stderr, "%s: %d failures\n", phases[phase], failures); return 70; }
        printf("%s %d %.6f\n", phases[phase], n, elapsed);
        fflush(stdout);
    }
    zoo_delete(zh, root, -1);
    zookeeper_close(zh);
    return 0;
}
