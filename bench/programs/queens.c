/* queens: branch-heavy control flow. Counts all N-queens solutions by recursive backtracking over
 * occupancy arrays (not bitmasks), so nearly every step is a data-dependent conditional branch; a
 * small run-length state machine over the found placements adds irregular switch dispatch. */
#include "bench_common.h"

#define MAXN 16

static int cols[MAXN], diag1[2 * MAXN], diag2[2 * MAXN], place[MAXN];
static uint64_t placement_hash;

/* Classifies consecutive column steps of a solution (rising/falling/jump) as a tiny state machine. */
static uint32_t classify(int n)
{
    enum { START, RISE, FALL, JUMP } state = START;
    uint32_t score = 0;
    for (int i = 1; i < n; i++) {
        int d = place[i] - place[i - 1];
        switch (state) {
        case START: state = d > 0 ? RISE : FALL; score += 1; break;
        case RISE:
            if (d > 2) { state = JUMP; score += 3; }
            else if (d < 0) { state = FALL; score += 5; }
            else score += 2;
            break;
        case FALL:
            if (d < -2) { state = JUMP; score += 7; }
            else if (d > 0) { state = RISE; score += 11; }
            else score += 4;
            break;
        case JUMP: state = d > 0 ? RISE : FALL; score += 13; break;
        }
    }
    return score;
}

static long solve(int row, int n)
{
    if (row == n) {
        placement_hash = mix64(placement_hash, classify(n));
        return 1;
    }
    long count = 0;
    for (int c = 0; c < n; c++) {
        if (cols[c] || diag1[row + c] || diag2[row - c + n]) continue;
        cols[c] = diag1[row + c] = diag2[row - c + n] = 1;
        place[row] = c;
        count += solve(row + 1, n);
        cols[c] = diag1[row + c] = diag2[row - c + n] = 0;
    }
    return count;
}

int main(int argc, char **argv)
{
    long reps = bench_scaled(260, bench_scale(argc, argv));
    const int n = 10;
    long total = 0;
    for (long r = 0; r < reps; r++)
        for (int k = 4; k <= n; k++) total += solve(0, k);
    printf("queens n<=%d reps=%ld solutions=%ld checksum=%016llx\n", n, reps, total,
           (unsigned long long)placement_hash);
    return 0;
}
