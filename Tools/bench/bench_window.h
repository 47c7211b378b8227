/*
 * What the raw-C comparators share: one session over the ZooKeeper C async API, and a
 * window of at most WINDOW requests in flight on it, completions counted under one lock.
 * Header-only (static functions): each comparator is a single C file built with
 *   gcc -O2 -o OUT FILE.c -lzookeeper_mt
 */
#ifndef BENCH_WINDOW_H
#define BENCH_WINDOW_H

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

static inline void bench_watcher(zhandle_t *zh, int type, int state, const char *path, void *ctx) {
    (void)zh; (void)path; (void)ctx;
    if (type == ZOO_SESSION_EVENT && state == ZOO_CONNECTED_STATE) {
        pthread_mutex_lock(&lock);
        connected = 1;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
}

/* A connected session, or exit 69. The C library logs only errors. */
static inline zhandle_t *bench_connect(const char *connect) {
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    zhandle_t *zh = zookeeper_init(connect, bench_watcher, 10000, 0, 0, 0);
    if (!zh) { perror("zookeeper_init"); exit(69); }
    pthread_mutex_lock(&lock);
    while (!connected) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    return zh;
}

/* Waits for a place in the window, then takes it. */
static inline void bench_acquire(int window) {
    pthread_mutex_lock(&lock);
    while (in_flight >= window) pthread_cond_wait(&cond, &lock);
    in_flight++;
    pthread_mutex_unlock(&lock);
}

/* Called by a completion: gives its place back and counts it. */
static inline void bench_finish(int failed) {
    pthread_mutex_lock(&lock);
    if (failed) failures++;
    in_flight--;
    done++;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
}

/* Waits until N completions have been counted since `done` was last reset. */
static inline void bench_wait_all(int n) {
    pthread_mutex_lock(&lock);
    while (done < n) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
}

static inline double bench_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

#endif
