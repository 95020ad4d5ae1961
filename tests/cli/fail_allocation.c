/* An LD_PRELOAD library for tests: makes one allocation of a worker thread, or
 * the start of a thread, fail, as running out of memory would — at a chosen
 * point, every time (tests/cli/check_out_of_memory.sh).
 *
 *   PARLEY_FAIL_ALLOCATION=N  the N-th malloc/calloc/realloc/memalign call made
 *                             by a thread other than the main one returns NULL
 *                             (errno ENOMEM); the others succeed
 *   PARLEY_FAIL_THREAD=N      the N-th pthread_create returns EAGAIN
 *   PARLEY_COUNT_ALLOCATIONS=FILE  at exit, writes to FILE how many allocations
 *                             the threads other than the main one made
 *
 * Operator new and Eigen allocate through malloc, so a failure shows up in
 * parley as std::bad_alloc, exactly where the allocation was made. Not for
 * sanitizer builds: their runtime must come first and replaces malloc itself.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void* __libc_malloc(size_t size);
extern void* __libc_calloc(size_t count, size_t size);
extern void* __libc_realloc(void* pointer, size_t size);
extern void* __libc_memalign(size_t alignment, size_t size);

static long fail_allocation = -1; /* -1: never */
static const char* count_file = NULL;
static long allocations = 0;
static long fail_thread = -1;
static long threads = 0;

static long setting(const char* name) {
  const char* text = getenv(name);
  return text != NULL && atol(text) > 0 ? atol(text) : -1;
}

__attribute__((constructor)) static void read_settings(void) {
  fail_allocation = setting("PARLEY_FAIL_ALLOCATION");
  fail_thread = setting("PARLEY_FAIL_THREAD");
  count_file = getenv("PARLEY_COUNT_ALLOCATIONS");
}

__attribute__((destructor)) static void write_count(void) {
  if (count_file == NULL) return;
  FILE* out = fopen(count_file, "w");
  if (out == NULL) return;
  fprintf(out, "%ld\n", __atomic_load_n(&allocations, __ATOMIC_RELAXED));
  fclose(out);
}

/* Counts an allocation of a thread other than the main one; whether it is the
 * one to fail. */
static int fails(void) {
  if ((fail_allocation <= 0 && count_file == NULL) || gettid() == getpid()) return 0;
  return __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED) == fail_allocation;
}

void* malloc(size_t size) {
  if (fails()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_malloc(size);
}

void* calloc(size_t count, size_t size) {
  if (fails()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_calloc(count, size);
}

void* realloc(void* pointer, size_t size) {
  if (size > 0 && fails()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_realloc(pointer, size);
}

void* memalign(size_t alignment, size_t size) {
  if (fails()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_memalign(alignment, size);
}

void* aligned_alloc(size_t alignment, size_t size) { return memalign(alignment, size); }

int posix_memalign(void** out, size_t alignment, size_t size) {
  void* pointer = memalign(alignment, size);
  if (pointer == NULL) return ENOMEM;
  *out = pointer;
  return 0;
}

typedef int (*CreateFunction)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);

int pthread_create(pthread_t* thread, const pthread_attr_t* attributes, void* (*start)(void*),
                   void* argument) {
  static CreateFunction create = NULL;
  if (create == NULL) create = (CreateFunction)dlsym(RTLD_NEXT, "pthread_create");
  if (fail_thread > 0 && __atomic_add_fetch(&threads, 1, __ATOMIC_RELAXED) == fail_thread)
    return EAGAIN;
  return create(thread, attributes, start, argument);
}
