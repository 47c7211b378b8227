/*
 * The comparator for the ZooKeeperClient benchmark: the raw ZooKeeper C async API, doing
 * N creates, then N gets, then N deletes under ROOT with at most WINDOW requests in flight
 * on one session. Prints one line per phase: "<phase> <n> <seconds>".
 *
 *   zk_bench CONNECT ROOT N WINDOW
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
static int in_flight = 0, done = 0, failures = 0, connected = 0;

static void watcher(zhandle_t *zh, int type, int state, const char *path, void *ctx) {
    (void)zh; (void)path; (void)ctx;
    if (type == ZOO_SESSION_EVENT && state == ZOO_CONNECTED_STATE) {
        pthread_mutex_lock(&lock);
        connected = 1;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
}

static void finish(int rc) {
    pthread_mutex_lock(&lock);
    if (rc != ZOK) failures++;
    in_flight--;
    done++;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
}

/* Like the Swift client, copy what the completion delivers before returning. */
static void string_done(int rc, const char *value, const void *data) {
    (void)data;
    if (value) { char copy[256]; strncpy(copy, value, sizeof copy - 1); }
    finish(rc);
}
static void data_done(int rc, const char *value, int len, const struct Stat *stat, const void *data) {
    (void)stat; (void)data;
    if (value && len > 0) { char *copy = malloc(len); memcpy(copy, value, len); free(copy); }
    finish(rc);
}
static void void_done(int rc, const void *data) { (void)data; finish(rc); }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void acquire(int window) {
    pthread_mutex_lock(&lock);
    while (in_flight >= window) pthread_cond_wait(&cond, &lock);
    in_flight++;
    pthread_mutex_unlock(&lock);
}

static void wait_all(int n) {
    pthread_mutex_lock(&lock);
    while (done < n) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: zk_bench CONNECT ROOT N WINDOW\n"); return 64; }
    const char *connect = argv[1], *root = argv[2];
    int n = atoi(argv[3]), window = atoi(argv[4]);
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    zhandle_t *zh = zookeeper_init(connect, watcher, 10000, 0, 0, 0);
    if (!zh) { perror("zookeeper_init"); return 69; }
    pthread_mutex_lock(&lock);
    while (!connected) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);

    char value[16];
    memset(value, 'v', sizeof value);
    char path[512];
    zoo_create(zh, root, "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, NULL, 0);

    const char *phases[] = {"create", "get", "delete"};
    for (int phase = 0; phase < 3; phase++) {
        done = 0; failures = 0;
        double start = now();
        for (int i = 0; i < n; i++) {
            snprintf(path, sizeof path, "%s/n%d", root, i);
            acquire(window);
            int rc;
            if (phase == 0) rc = zoo_acreate(zh, path, value, sizeof value, &ZOO_OPEN_ACL_UNSAFE, 0, string_done, NULL);
            else if (phase == 1) rc = zoo_aget(zh, path, 0, data_done, NULL);
            else rc = zoo_adelete(zh, path, -1, void_done, NULL);
            if (rc != ZOK) { fprintf(stderr, "submit failed: %s\n", zerror(rc)); return 70; }
        }
        wait_all(n);
        double elapsed = now() - start;
        if (failures) { fprintf(stderr, "%s: %d failures\n", phases[phase], failures); return 70; }
        printf("%s %d %.6f\n", phases[phase], n, elapsed);
        fflush(stdout);
    }
    zoo_delete(zh, root, -1);
    zookeeper_close(zh);
    return 0;
}
