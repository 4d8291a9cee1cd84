/* fcvt.w/wu/l/lu.d: float to integer in every rounding mode; out-of-range, infinite and NaN inputs */
/* saturate with NV (NaN gives the largest value); 32-bit results are sign-extended, even for the unsigned */
/* form; inexact in-range results set NX only. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FCVT_TO_INT_D 2, fcvt.w.d, rne, FFLAG_NX, 0x0000000000000002, 0x3ff8000000000000                /* 1.5 ties to even: 2 */
    TEST_FCVT_TO_INT_D 3, fcvt.w.d, rne, FFLAG_NX, 0x0000000000000002, 0x4004000000000000                /* 2.5 ties to even: 2 */
    TEST_FCVT_TO_INT_D 4, fcvt.w.d, rtz, FFLAG_NX, 0xfffffffffffffffe, 0xc004000000000000                /* -2.5 toward zero */
    TEST_FCVT_TO_INT_D 5, fcvt.w.d, rdn, FFLAG_NX, 0xffffffffffffffff, 0xbfe0000000000000                /* -0.5 rounded down: -1 (invalid for unsigned) */
    TEST_FCVT_TO_INT_D 6, fcvt.w.d, rtz, FFLAG_NX, 0x0000000000000000, 0xbfe0000000000000                /* -0.5 toward zero: 0, only inexact (even for unsigned) */
    TEST_FCVT_TO_INT_D 7, fcvt.w.d, rup, FFLAG_NX, 0x0000000000000001, 0x3fd0000000000000                /* 0.25 rounded up: 1 */
    TEST_FCVT_TO_INT_D 8, fcvt.w.d, rmm, FFLAG_NX, 0xfffffffffffffffd, 0xc004000000000000                /* -2.5 ties away: -3 */
    TEST_FCVT_TO_INT_D 9, fcvt.w.d, rne, 0, 0x0000000000000000, 0x8000000000000000                       /* -0 gives 0, no flags */
    TEST_FCVT_TO_INT_D 10, fcvt.w.d, rne, FFLAG_NV, 0x000000007fffffff, 0x7ff8000000000000               /* NaN: largest value, NV */
    TEST_FCVT_TO_INT_D 11, fcvt.w.d, rne, FFLAG_NV, 0x000000007fffffff, 0x7ff0000000000000               /* +inf: largest value, NV */
    TEST_FCVT_TO_INT_D 12, fcvt.w.d, rne, FFLAG_NV, 0xffffffff80000000, 0xfff0000000000000               /* -inf: smallest value, NV */
    TEST_FCVT_TO_INT_D 13, fcvt.w.d, rne, FFLAG_NV, 0x000000007fffffff, 0x41e0000000000000               /* 2^31 */
    TEST_FCVT_TO_INT_D 14, fcvt.w.d, rne, 0, 0xffffffff80000000, 0xc1e0000000000000                      /* -2^31 */
    TEST_FCVT_TO_INT_D 15, fcvt.w.d, rne, FFLAG_NV, 0x000000007fffffff, 0x41f0000000000000               /* 2^32 */
    TEST_FCVT_TO_INT_D 16, fcvt.w.d, rne, FFLAG_NV, 0x000000007fffffff, 0x41e65a0bc0000000               /* 3e9: in range for wu (result sign-extended), l and lu; too big for w */
    TEST_FCVT_TO_INT_D 17, fcvt.w.d, rne, FFLAG_NV, 0x000000007fffffff, 0x43e0000000000000               /* 2^63 */
    TEST_FCVT_TO_INT_D 18, fcvt.w.d, rne, FFLAG_NV, 0xffffffff80000000, 0xc3e0000000000000               /* -2^63 */
    TEST_FCVT_TO_INT_D 19, fcvt.w.d, rne, FFLAG_NV, 0x000000007fffffff, 0x43f0000000000000               /* 2^64 */
    TEST_FCVT_TO_INT_D 20, fcvt.w.d, rne, 0, 0xffffffffffffffff, 0xbff0000000000000                      /* -1 */

    TEST_FCVT_TO_INT_D 21, fcvt.wu.d, rne, FFLAG_NX, 0x0000000000000002, 0x3ff8000000000000              /* 1.5 ties to even: 2 */
    TEST_FCVT_TO_INT_D 22, fcvt.wu.d, rne, FFLAG_NX, 0x0000000000000002, 0x4004000000000000              /* 2.5 ties to even: 2 */
    TEST_FCVT_TO_INT_D 23, fcvt.wu.d, rtz, FFLAG_NV, 0x0000000000000000, 0xc004000000000000              /* -2.5 toward zero */
    TEST_FCVT_TO_INT_D 24, fcvt.wu.d, rdn, FFLAG_NV, 0x0000000000000000, 0xbfe0000000000000              /* -0.5 rounded down: -1 (invalid for unsigned) */
    TEST_FCVT_TO_INT_D 25, fcvt.wu.d, rtz, FFLAG_NX, 0x0000000000000000, 0xbfe0000000000000              /* -0.5 toward zero: 0, only inexact (even for unsigned) */
    TEST_FCVT_TO_INT_D 26, fcvt.wu.d, rup, FFLAG_NX, 0x0000000000000001, 0x3fd0000000000000              /* 0.25 rounded up: 1 */
    TEST_FCVT_TO_INT_D 27, fcvt.wu.d, rmm, FFLAG_NV, 0x0000000000000000, 0xc004000000000000              /* -2.5 ties away: -3 */
    TEST_FCVT_TO_INT_D 28, fcvt.wu.d, rne, 0, 0x0000000000000000, 0x8000000000000000                     /* -0 gives 0, no flags */
    TEST_FCVT_TO_INT_D 29, fcvt.wu.d, rne, FFLAG_NV, 0xffffffffffffffff, 0x7ff8000000000000              /* NaN: largest value, NV */
    TEST_FCVT_TO_INT_D 30, fcvt.wu.d, rne, FFLAG_NV, 0xffffffffffffffff, 0x7ff0000000000000              /* +inf: largest value, NV */
    TEST_FCVT_TO_INT_D 31, fcvt.wu.d, rne, FFLAG_NV, 0x0000000000000000, 0xfff0000000000000              /* -inf: smallest value, NV */
    TEST_FCVT_TO_INT_D 32, fcvt.wu.d, rne, 0, 0xffffffff80000000, 0x41e0000000000000                     /* 2^31 */
    TEST_FCVT_TO_INT_D 33, fcvt.wu.d, rne, FFLAG_NV, 0x0000000000000000, 0xc1e0000000000000              /* -2^31 */
    TEST_FCVT_TO_INT_D 34, fcvt.wu.d, rne, FFLAG_NV, 0xffffffffffffffff, 0x41f0000000000000              /* 2^32 */
    TEST_FCVT_TO_INT_D 35, fcvt.wu.d, rne, 0, 0xffffffffb2d05e00, 0x41e65a0bc0000000                     /* 3e9: in range for wu (result sign-extended), l and lu; too big for w */
    TEST_FCVT_TO_INT_D 36, fcvt.wu.d, rne, FFLAG_NV, 0xffffffffffffffff, 0x43e0000000000000              /* 2^63 */
    TEST_FCVT_TO_INT_D 37, fcvt.wu.d, rne, FFLAG_NV, 0x0000000000000000, 0xc3e0000000000000              /* -2^63 */
    TEST_FCVT_TO_INT_D 38, fcvt.wu.d, rne, FFLAG_NV, 0xffffffffffffffff, 0x43f0000000000000              /* 2^64 */
    TEST_FCVT_TO_INT_D 39, fcvt.wu.d, rne, FFLAG_NV, 0x0000000000000000, 0xbff0000000000000              /* -1 */

    TEST_FCVT_TO_INT_D 40, fcvt.l.d, rne, FFLAG_NX, 0x0000000000000002, 0x3ff8000000000000               /* 1.5 ties to even: 2 */
    TEST_FCVT_TO_INT_D 41, fcvt.l.d, rne, FFLAG_NX, 0x0000000000000002, 0x4004000000000000               /* 2.5 ties to even: 2 */
    TEST_FCVT_TO_INT_D 42, fcvt.l.d, rtz, FFLAG_NX, 0xfffffffffffffffe, 0xc004000000000000               /* -2.5 toward zero */
    TEST_FCVT_TO_INT_D 43, fcvt.l.d, rdn, FFLAG_NX, 0xffffffffffffffff, 0xbfe0000000000000               /* -0.5 rounded down: -1 (invalid for unsigned) */
    TEST_FCVT_TO_INT_D 44, fcvt.l.d, rtz, FFLAG_NX, 0x0000000000000000, 0xbfe0000000000000               /* -0.5 toward zero: 0, only inexact (even for unsigned) */
    TEST_FCVT_TO_INT_D 45, fcvt.l.d, rup, FFLAG_NX, 0x0000000000000001, 0x3fd0000000000000               /* 0.25 rounded up: 1 */
    TEST_FCVT_TO_INT_D 46, fcvt.l.d, rmm, FFLAG_NX, 0xfffffffffffffffd, 0xc004000000000000               /* -2.5 ties away: -3 */
    TEST_FCVT_TO_INT_D 47, fcvt.l.d, rne, 0, 0x0000000000000000, 0x8000000000000000                      /* -0 gives 0, no flags */
    TEST_FCVT_TO_INT_D 48, fcvt.l.d, rne, FFLAG_NV, 0x7fffffffffffffff, 0x7ff8000000000000               /* NaN: largest value, NV */
    TEST_FCVT_TO_INT_D 49, fcvt.l.d, rne, FFLAG_NV, 0x7fffffffffffffff, 0x7ff0000000000000               /* +inf: largest value, NV */
    TEST_FCVT_TO_INT_D 50, fcvt.l.d, rne, FFLAG_NV, 0x8000000000000000, 0xfff0000000000000               /* -inf: smallest value, NV */
    TEST_FCVT_TO_INT_D 51, fcvt.l.d, rne, 0, 0x0000000080000000, 0x41e0000000000000                      /* 2^31 */
    TEST_FCVT_TO_INT_D 52, fcvt.l.d, rne, 0, 0xffffffff80000000, 0xc1e0000000000000                      /* -2^31 */
    TEST_FCVT_TO_INT_D 53, fcvt.l.d, rne, 0, 0x0000000100000000, 0x41f0000000000000                      /* 2^32 */
    TEST_FCVT_TO_INT_D 54, fcvt.l.d, rne, 0, 0x00000000b2d05e00, 0x41e65a0bc0000000                      /* 3e9: in range for wu (result sign-extended), l and lu; too big for w */
    TEST_FCVT_TO_INT_D 55, fcvt.l.d, rne, FFLAG_NV, 0x7fffffffffffffff, 0x43e0000000000000               /* 2^63 */
    TEST_FCVT_TO_INT_D 56, fcvt.l.d, rne, 0, 0x8000000000000000, 0xc3e0000000000000                      /* -2^63 */
    TEST_FCVT_TO_INT_D 57, fcvt.l.d, rne, FFLAG_NV, 0x7fffffffffffffff, 0x43f0000000000000               /* 2^64 */
    TEST_FCVT_TO_INT_D 58, fcvt.l.d, rne, 0, 0xffffffffffffffff, 0xbff0000000000000                      /* -1 */

    TEST_FCVT_TO_INT_D 59, fcvt.lu.d, rne, FFLAG_NX, 0x0000000000000002, 0x3ff8000000000000              /* 1.5 ties to even: 2 */
    TEST_FCVT_TO_INT_D 60, fcvt.lu.d, rne, FFLAG_NX, 0x0000000000000002, 0x4004000000000000              /* 2.5 ties to even: 2 */
    TEST_FCVT_TO_INT_D 61, fcvt.lu.d, rtz, FFLAG_NV, 0x0000000000000000, 0xc004000000000000              /* -2.5 toward zero */
    TEST_FCVT_TO_INT_D 62, fcvt.lu.d, rdn, FFLAG_NV, 0x0000000000000000, 0xbfe0000000000000              /* -0.5 rounded down: -1 (invalid for unsigned) */
    TEST_FCVT_TO_INT_D 63, fcvt.lu.d, rtz, FFLAG_NX, 0x0000000000000000, 0xbfe0000000000000              /* -0.5 toward zero: 0, only inexact (even for unsigned) */
    TEST_FCVT_TO_INT_D 64, fcvt.lu.d, rup, FFLAG_NX, 0x0000000000000001, 0x3fd0000000000000              /* 0.25 rounded up: 1 */
    TEST_FCVT_TO_INT_D 65, fcvt.lu.d, rmm, FFLAG_NV, 0x0000000000000000, 0xc004000000000000              /* -2.5 ties away: -3 */
    TEST_FCVT_TO_INT_D 66, fcvt.lu.d, rne, 0, 0x0000000000000000, 0x8000000000000000                     /* -0 gives 0, no flags */
    TEST_FCVT_TO_INT_D 67, fcvt.lu.d, rne, FFLAG_NV, 0xffffffffffffffff, 0x7ff8000000000000              /* NaN: largest value, NV */
    TEST_FCVT_TO_INT_D 68, fcvt.lu.d, rne, FFLAG_NV, 0xffffffffffffffff, 0x7ff0000000000000              /* +inf: largest value, NV */
    TEST_FCVT_TO_INT_D 69, fcvt.lu.d, rne, FFLAG_NV, 0x0000000000000000, 0xfff0000000000000              /* -inf: smallest value, NV */
    TEST_FCVT_TO_INT_D 70, fcvt.lu.d, rne, 0, 0x0000000080000000, 0x41e0000000000000                     /* 2^31 */
    TEST_FCVT_TO_INT_D 71, fcvt.lu.d, rne, FFLAG_NV, 0x0000000000000000, 0xc1e0000000000000              /* -2^31 */
    TEST_FCVT_TO_INT_D 72, fcvt.lu.d, rne, 0, 0x0000000100000000, 0x41f0000000000000                     /* 2^32 */
    TEST_FCVT_TO_INT_D 73, fcvt.lu.d, rne, 0, 0x00000000b2d05e00, 0x41e65a0bc0000000                     /* 3e9: in range for wu (result sign-extended), l and lu; too big for w */
    TEST_FCVT_TO_INT_D 74, fcvt.lu.d, rne, 0, 0x8000000000000000, 0x43e0000000000000                     /* 2^63 */
    TEST_FCVT_TO_INT_D 75, fcvt.lu.d, rne, FFLAG_NV, 0x0000000000000000, 0xc3e0000000000000              /* -2^63 */
    TEST_FCVT_TO_INT_D 76, fcvt.lu.d, rne, FFLAG_NV, 0xffffffffffffffff, 0x43f0000000000000              /* 2^64 */
    TEST_FCVT_TO_INT_D 77, fcvt.lu.d, rne, FFLAG_NV, 0x0000000000000000, 0xbff0000000000000              /* -1 */

RVJ_TEST_END
