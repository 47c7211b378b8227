/*
 * The comparator for loading a configuration: the raw ZooKeeper C async API doing what
 * ConfigLoader.load does on the wire: sync ROOT, list its children, then get every child with
 * at most WINDOW requests in flight on one session. Prints "load <n> <seconds>".
 *
 *   load_bench CONNECT ROOT WINDOW
 */
#include "bench_window.h"

static int synced = 0;

static void sync_done(int rc, const char *value, const void *data) {
    (void)value; (void)data;
    pthread_mutex_lock(&lock);
    synced = rc == ZOK ? 1 : -1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
}

/* Like the Swift client, copy what the completion delivers before returning. */
static void data_done(int rc, const char *value, int len, const struct Stat *stat, const void *data) {
    (void)stat; (void)data;
    if (value && len > 0) { char *copy = malloc(len); memcpy(copy, value, len); free(copy); }
    bench_finish(rc != ZOK);
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: load_bench CONNECT ROOT WINDOW\n"); return 64; }
    const char *connect = argv[1], *root = argv[2];
    int window = atoi(argv[3]);
    zhandle_t *zh = bench_connect(connect);

    double start = bench_now();
    if (zoo_async(zh, root, sync_done, NULL) != ZOK) { fprintf(stderr, "sync failed\n"); return 70; }
    pthread_mutex_lock(&lock);
    while (!synced) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    struct String_vector children;
    int rc = zoo_get_children(zh, root, 0, &children);
    if (rc != ZOK) { fprintf(stderr, "get_children: %s\n", zerror(rc)); return 70; }
    char path[1024];
    for (int i = 0; i < children.count; i++) {
        bench_acquire(window);
        snprintf(path, sizeof path, "%s/%s", root, children.data[i]);
        rc = zoo_aget(zh, path, 0, data_done, NULL);
        if (rc != ZOK) { fprintf(stderr, "submit failed: %s\n", zerror(rc)); return 70; }
    }
    bench_wait_all(children.count);
    double elapsed = bench_now() - start;
    if (failures) { fprintf(stderr, "%d failures\n", failures); return 70; }
    printf("load %d %.6f\n", children.count, elapsed);
    deallocate_String_vector(&children);
    zookeeper_close(zh);
    return 0;
}
