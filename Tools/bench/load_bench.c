/*
 * The comparator for loading a configuration: the raw ZooKeeper C async API doing what
 * ConfigLoader.load does on the wire: sync ROOT, list its children, then get every child with
 * at most WINDOW requests in flight on one session. Prints "load <n> <seconds>".
 *
 *   load_bench CONNECT ROOT WINDOW
 */
#define THREADED
#include <zookeeper/zookeeper.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int in_flight = 0, done = 0, failures = 0, connected = 0, synced = 0;

static void watcher(zhandle_t *zh, int type, int state, const char *path, void *ctx) {
    (void)zh; (void)path; (void)ctx;
    if (type == ZOO_SESSION_EVENT && state == ZOO_CONNECTED_STATE) {
        pthread_mutex_lock(&lock);
        connected = 1;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
}

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
    pthread_mutex_lock(&lock);
    if (rc != ZOK) failures++;
    in_flight--;
    done++;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: load_bench CONNECT ROOT WINDOW\n"); return 64; }
    const char *connect = argv[1], *root = argv[2];
    int window = atoi(argv[3]);
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    zhandle_t *zh = zookeeper_init(connect, watcher, 10000, 0, 0, 0);
    if (!zh) { perror("zookeeper_init"); return 69; }
    pthread_mutex_lock(&lock);
    while (!connected) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);

    double start = now();
    if (zoo_async(zh, root, sync_done, NULL) != ZOK) { fprintf(stderr, "sync failed\n"); return 70; }
    pthread_mutex_lock(&lock);
    while (!synced) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    struct String_vector children;
    int rc = zoo_get_children(zh, root, 0, &children);
    if (rc != ZOK) { fprintf(stderr, "get_children: %s\n", zerror(rc)); return 70; }
    char path[1024];
    for (int i = 0; i < children.count; i++) {
        pthread_mutex_lock(&lock);
        while (in_flight >= window) pthread_cond_wait(&cond, &lock);
        in_flight++;
        pthread_mutex_unlock(&lock);
        snprintf(path, sizeof path, "%s/%s", root, children.data[i]);
        rc = zoo_aget(zh, path, 0, data_done, NULL);
        if (rc != ZOK) { fprintf(stderr, "submit failed: %s\n", zerror(rc)); return 70; }
    }
    pthread_mutex_lock(&lock);
    while (done < children.count) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    double elapsed = now() - start;
    if (failures) { fprintf(stderr, "%d failures\n", failures); return 70; }
    printf("load %d %.6f\n", children.count, elapsed);
    deallocate_String_vector(&children);
    zookeeper_close(zh);
    return 0;
}
