/* The machine's ceiling for any matrix product: fused multiply-adds per second.
 *
 * Each thread runs 12 independent chains of AVX-512 float32 FMAs (enough to hide the
 * FMA latency on two FMA ports), written in inline assembly so the compiler cannot merge
 * the chains. A 1024x1024 product needs 2 * 1024^3 flops; dividing that by this figure
 * gives the fastest time any kernel could reach on these cores.
 *
 *     gcc -O2 bench/fma_peak.c -o /tmp/fma_peak -lpthread && /tmp/fma_peak 2
 *
 * Needs an x86-64 CPU with AVX-512F (it dies with SIGILL otherwise). The argument is the
 * number of threads (default 1, at most 64). float64 peak is half the float32 figure.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ITERS 100000000L
#define FLOPS_PER_ITER (12.0 * 16 * 2) /* 12 FMAs x 16 float32 lanes x (mul + add) */

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *chains(void *unused) {
  (void)unused;
  for (long i = 0; i < ITERS; i++) {
    __asm__ volatile(
        "vfmadd231ps %%zmm14,%%zmm15,%%zmm0\n vfmadd231ps %%zmm14,%%zmm15,%%zmm1\n"
        "vfmadd231ps %%zmm14,%%zmm15,%%zmm2\n vfmadd231ps %%zmm14,%%zmm15,%%zmm3\n"
        "vfmadd231ps %%zmm14,%%zmm15,%%zmm4\n vfmadd231ps %%zmm14,%%zmm15,%%zmm5\n"
        "vfmadd231ps %%zmm14,%%zmm15,%%zmm6\n vfmadd231ps %%zmm14,%%zmm15,%%zmm7\n"
        "vfmadd231ps %%zmm14,%%zmm15,%%zmm8\n vfmadd231ps %%zmm14,%%zmm15,%%zmm9\n"
        "vfmadd231ps %%zmm14,%%zmm15,%%zmm10\n vfmadd231ps %%zmm14,%%zmm15,%%zmm11\n" ::
            : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
              "xmm9", "xmm10", "xmm11");
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1;
  if (n < 1 || n > 64) {
    fprintf(stderr, "usage: %s [THREADS (1-64)]\n", argv[0]);
    return 2;
  }
  pthread_t threads[64];
  double t0 = now();
  for (int i = 0; i < n; i++) pthread_create(&threads[i], NULL, chains, NULL);
  for (int i = 0; i < n; i++) pthread_join(threads[i], NULL);
  double dt = now() - t0;
  double total = n * ITERS * FLOPS_PER_ITER / dt / 1e9;
  printf("%d threads: %.1f GFLOPS float32 (%.1f float64); a 1024x1024 float32 product "
         "cannot take less than %.2f ms\n",
         n, total, total / 2, 2.0 * 1024 * 1024 * 1024 / (total * 1e9) * 1e3);
  return 0;
}
