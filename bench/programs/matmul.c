/* matmul: double-precision dense linear algebra. Repeatedly multiplies a positive random matrix into
 * a normalised one (block power iteration), so the printed dominant-eigenvalue estimate converges and
 * is insensitive to whether the compiler fuses multiply-adds (riscv64 gcc does, x86-64 -O2 does not). */
#include <math.h>
#include "bench_common.h"

#define N 120

static double a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv)
{
    long rounds = bench_scaled(60, bench_scale(argc, argv));
    rng_t r;
    rng_seed(&r, 4242);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)(rng_next(&r) >> 11) * (1.0 / 9007199254740992.0);
            b[i][j] = i == j ? 1.0 : 0.0;
        }

    double scale = 0;
    for (long it = 0; it < rounds; it++) {
        /* i-k-j order: the inner loop streams rows of b and c. */
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) c[i][j] = 0;
            for (int k = 0; k < N; k++) {
                double aik = a[i][k];
                for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
            }
        }
        scale = 0;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                if (fabs(c[i][j]) > scale) scale = fabs(c[i][j]);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) b[i][j] = c[i][j] / scale;
    }
    double trace = 0;
    for (int i = 0; i < N; i++) trace += b[i][i];
    printf("matmul n=%d rounds=%ld scale=%.8f trace=%.8f\n", N, rounds, scale, trace);
    return 0;
}
