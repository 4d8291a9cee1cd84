/* sort: comparison sorting of pseudo-random 32-bit keys, twice per round: an in-place quicksort
 * (median-of-three, insertion sort for short ranges) and a top-down mergesort with a scratch buffer;
 * both results are verified equal and folded into the checksum. */
#include <string.h>
#include "bench_common.h"

static void insertion_sort(uint32_t *v, long n)
{
    for (long i = 1; i < n; i++) {
        uint32_t x = v[i];
        long j = i - 1;
        while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; j--; }
        v[j + 1] = x;
    }
}

static void quick_sort(uint32_t *v, long n)
{
    while (n > 16) {
        long mid = n / 2;
        /* Median of three into v[mid]. */
        if (v[mid] < v[0]) { uint32_t t = v[mid]; v[mid] = v[0]; v[0] = t; }
        if (v[n - 1] < v[0]) { uint32_t t = v[n - 1]; v[n - 1] = v[0]; v[0] = t; }
        if (v[n - 1] < v[mid]) { uint32_t t = v[n - 1]; v[n - 1] = v[mid]; v[mid] = t; }
        uint32_t pivot = v[mid];
        long i = 0, j = n - 1;
        for (;;) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i >= j) break;
            uint32_t t = v[i]; v[i] = v[j]; v[j] = t;
            i++; j--;
        }
        /* Recurse into the smaller side, loop on the larger: bounded stack depth. */
        long left = j + 1;
        if (left < n - left) { quick_sort(v, left); v += left; n -= left; }
        else { quick_sort(v + left, n - left); n = left; }
    }
    insertion_sort(v, n);
}

static void merge_sort(uint32_t *v, uint32_t *tmp, long n)
{
    if (n <= 16) { insertion_sort(v, n); return; }
    long h = n / 2;
    merge_sort(v, tmp, h);
    merge_sort(v + h, tmp, n - h);
    long i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = v[j] < v[i] ? v[j++] : v[i++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, (size_t)n * sizeof *v);
}

int main(int argc, char **argv)
{
    long rounds = bench_scaled(24, bench_scale(argc, argv));
    const long n = 200000;
    uint32_t *q = malloc((size_t)n * sizeof *q), *m = malloc((size_t)n * sizeof *m);
    uint32_t *tmp = malloc((size_t)n * sizeof *tmp);
    if (!q || !m || !tmp) { fputs("out of memory\n", stderr); return 1; }
    rng_t r;
    rng_seed(&r, 777);
    uint64_t h = 0;
    for (long it = 0; it < rounds; it++) {
        /* Alternate fully random keys and keys with many duplicates. */
        uint32_t range = (it & 1) ? 1000u : 0xffffffffu;
        for (long i = 0; i < n; i++) q[i] = m[i] = rng_below(&r, range);
        quick_sort(q, n);
        merge_sort(m, tmp, n);
        if (memcmp(q, m, (size_t)n * sizeof *q) != 0) { puts("sort: quicksort and mergesort disagree"); return 1; }
        for (long i = 1; i < n; i++)
            if (q[i - 1] > q[i]) { puts("sort: result not ordered"); return 1; }
        for (long i = 0; i < n; i += 97) h = mix64(h, q[i]);
    }
    printf("sort n=%ld rounds=%ld median=%u checksum=%016llx\n", n, rounds, q[n / 2], (unsigned long long)h);
    free(q); free(m); free(tmp);
    return 0;
}
