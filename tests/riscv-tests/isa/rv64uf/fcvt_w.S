/* fcvt.w/wu/l/lu.s: float to integer in every rounding mode; out-of-range, infinite and NaN inputs */
/* saturate with NV (NaN gives the largest value); 32-bit results are sign-extended, even for the unsigned */
/* form; inexact in-range results set NX only. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FCVT_TO_INT_S 2, fcvt.w.s, rne, FFLAG_NX, 0x0000000000000002, 0x3fc00000                        /* 1.5 ties to even: 2 */
    TEST_FCVT_TO_INT_S 3, fcvt.w.s, rne, FFLAG_NX, 0x0000000000000002, 0x40200000                        /* 2.5 ties to even: 2 */
    TEST_FCVT_TO_INT_S 4, fcvt.w.s, rtz, FFLAG_NX, 0xfffffffffffffffe, 0xc0200000                        /* -2.5 toward zero */
    TEST_FCVT_TO_INT_S 5, fcvt.w.s, rdn, FFLAG_NX, 0xffffffffffffffff, 0xbf000000                        /* -0.5 rounded down: -1 (invalid for unsigned) */
    TEST_FCVT_TO_INT_S 6, fcvt.w.s, rtz, FFLAG_NX, 0x0000000000000000, 0xbf000000                        /* -0.5 toward zero: 0, only inexact (even for unsigned) */
    TEST_FCVT_TO_INT_S 7, fcvt.w.s, rup, FFLAG_NX, 0x0000000000000001, 0x3e800000                        /* 0.25 rounded up: 1 */
    TEST_FCVT_TO_INT_S 8, fcvt.w.s, rmm, FFLAG_NX, 0xfffffffffffffffd, 0xc0200000                        /* -2.5 ties away: -3 */
    TEST_FCVT_TO_INT_S 9, fcvt.w.s, rne, 0, 0x0000000000000000, 0x80000000                               /* -0 gives 0, no flags */
    TEST_FCVT_TO_INT_S 10, fcvt.w.s, rne, FFLAG_NV, 0x000000007fffffff, 0x7fc00000                       /* NaN: largest value, NV */
    TEST_FCVT_TO_INT_S 11, fcvt.w.s, rne, FFLAG_NV, 0x000000007fffffff, 0x7f800000                       /* +inf: largest value, NV */
    TEST_FCVT_TO_INT_S 12, fcvt.w.s, rne, FFLAG_NV, 0xffffffff80000000, 0xff800000                       /* -inf: smallest value, NV */
    TEST_FCVT_TO_INT_S 13, fcvt.w.s, rne, FFLAG_NV, 0x000000007fffffff, 0x4f000000                       /* 2^31 */
    TEST_FCVT_TO_INT_S 14, fcvt.w.s, rne, 0, 0xffffffff80000000, 0xcf000000                              /* -2^31 */
    TEST_FCVT_TO_INT_S 15, fcvt.w.s, rne, FFLAG_NV, 0x000000007fffffff, 0x4f800000                       /* 2^32 */
    TEST_FCVT_TO_INT_S 16, fcvt.w.s, rne, FFLAG_NV, 0x000000007fffffff, 0x4f32d05e                       /* 3e9: in range for wu (result sign-extended), l and lu; too big for w */
    TEST_FCVT_TO_INT_S 17, fcvt.w.s, rne, FFLAG_NV, 0x000000007fffffff, 0x5f000000                       /* 2^63 */
    TEST_FCVT_TO_INT_S 18, fcvt.w.s, rne, FFLAG_NV, 0xffffffff80000000, 0xdf000000                       /* -2^63 */
    TEST_FCVT_TO_INT_S 19, fcvt.w.s, rne, FFLAG_NV, 0x000000007fffffff, 0x5f800000                       /* 2^64 */
    TEST_FCVT_TO_INT_S 20, fcvt.w.s, rne, 0, 0xffffffffffffffff, 0xbf800000                              /* -1 */

    TEST_FCVT_TO_INT_S 21, fcvt.wu.s, rne, FFLAG_NX, 0x0000000000000002, 0x3fc00000                      /* 1.5 ties to even: 2 */
    TEST_FCVT_TO_INT_S 22, fcvt.wu.s, rne, FFLAG_NX, 0x0000000000000002, 0x40200000                      /* 2.5 ties to even: 2 */
    TEST_FCVT_TO_INT_S 23, fcvt.wu.s, rtz, FFLAG_NV, 0x0000000000000000, 0xc0200000                      /* -2.5 toward zero */
    TEST_FCVT_TO_INT_S 24, fcvt.wu.s, rdn, FFLAG_NV, 0x0000000000000000, 0xbf000000                      /* -0.5 rounded down: -1 (invalid for unsigned) */
    TEST_FCVT_TO_INT_S 25, fcvt.wu.s, rtz, FFLAG_NX, 0x0000000000000000, 0xbf000000                      /* -0.5 toward zero: 0, only inexact (even for unsigned) */
    TEST_FCVT_TO_INT_S 26, fcvt.wu.s, rup, FFLAG_NX, 0x0000000000000001, 0x3e800000                      /* 0.25 rounded up: 1 */
    TEST_FCVT_TO_INT_S 27, fcvt.wu.s, rmm, FFLAG_NV, 0x0000000000000000, 0xc0200000                      /* -2.5 ties away: -3 */
    TEST_FCVT_TO_INT_S 28, fcvt.wu.s, rne, 0, 0x0000000000000000, 0x80000000                             /* -0 gives 0, no flags */
    TEST_FCVT_TO_INT_S 29, fcvt.wu.s, rne, FFLAG_NV, 0xffffffffffffffff, 0x7fc00000                      /* NaN: largest value, NV */
    TEST_FCVT_TO_INT_S 30, fcvt.wu.s, rne, FFLAG_NV, 0xffffffffffffffff, 0x7f800000                      /* +inf: largest value, NV */
    TEST_FCVT_TO_INT_S 31, fcvt.wu.s, rne, FFLAG_NV, 0x0000000000000000, 0xff800000                      /* -inf: smallest value, NV */
    TEST_FCVT_TO_INT_S 32, fcvt.wu.s, rne, 0, 0xffffffff80000000, 0x4f000000                             /* 2^31 */
    TEST_FCVT_TO_INT_S 33, fcvt.wu.s, rne, FFLAG_NV, 0x0000000000000000, 0xcf000000                      /* -2^31 */
    TEST_FCVT_TO_INT_S 34, fcvt.wu.s, rne, FFLAG_NV, 0xffffffffffffffff, 0x4f800000                      /* 2^32 */
    TEST_FCVT_TO_INT_S 35, fcvt.wu.s, rne, 0, 0xffffffffb2d05e00, 0x4f32d05e                             /* 3e9: in range for wu (result sign-extended), l and lu; too big for w */
    TEST_FCVT_TO_INT_S 36, fcvt.wu.s, rne, FFLAG_NV, 0xffffffffffffffff, 0x5f000000                      /* 2^63 */
    TEST_FCVT_TO_INT_S 37, fcvt.wu.s, rne, FFLAG_NV, 0x0000000000000000, 0xdf000000                      /* -2^63 */
    TEST_FCVT_TO_INT_S 38, fcvt.wu.s, rne, FFLAG_NV, 0xffffffffffffffff, 0x5f800000                      /* 2^64 */
    TEST_FCVT_TO_INT_S 39, fcvt.wu.s, rne, FFLAG_NV, 0x0000000000000000, 0xbf800000                      /* -1 */

    TEST_FCVT_TO_INT_S 40, fcvt.l.s, rne, FFLAG_NX, 0x0000000000000002, 0x3fc00000                       /* 1.5 ties to even: 2 */
    TEST_FCVT_TO_INT_S 41, fcvt.l.s, rne, FFLAG_NX, 0x0000000000000002, 0x40200000                       /* 2.5 ties to even: 2 */
    TEST_FCVT_TO_INT_S 42, fcvt.l.s, rtz, FFLAG_NX, 0xfffffffffffffffe, 0xc0200000                       /* -2.5 toward zero */
    TEST_FCVT_TO_INT_S 43, fcvt.l.s, rdn, FFLAG_NX, 0xffffffffffffffff, 0xbf000000                       /* -0.5 rounded down: -1 (invalid for unsigned) */
    TEST_FCVT_TO_INT_S 44, fcvt.l.s, rtz, FFLAG_NX, 0x0000000000000000, 0xbf000000                       /* -0.5 toward zero: 0, only inexact (even for unsigned) */
    TEST_FCVT_TO_INT_S 45, fcvt.l.s, rup, FFLAG_NX, 0x0000000000000001, 0x3e800000                       /* 0.25 rounded up: 1 */
    TEST_FCVT_TO_INT_S 46, fcvt.l.s, rmm, FFLAG_NX, 0xfffffffffffffffd, 0xc0200000                       /* -2.5 ties away: -3 */
    TEST_FCVT_TO_INT_S 47, fcvt.l.s, rne, 0, 0x0000000000000000, 0x80000000                              /* -0 gives 0, no flags */
    TEST_FCVT_TO_INT_S 48, fcvt.l.s, rne, FFLAG_NV, 0x7fffffffffffffff, 0x7fc00000                       /* NaN: largest value, NV */
    TEST_FCVT_TO_INT_S 49, fcvt.l.s, rne, FFLAG_NV, 0x7fffffffffffffff, 0x7f800000                       /* +inf: largest value, NV */
    TEST_FCVT_TO_INT_S 50, fcvt.l.s, rne, FFLAG_NV, 0x8000000000000000, 0xff800000                       /* -inf: smallest value, NV */
    TEST_FCVT_TO_INT_S 51, fcvt.l.s, rne, 0, 0x0000000080000000, 0x4f000000                              /* 2^31 */
    TEST_FCVT_TO_INT_S 52, fcvt.l.s, rne, 0, 0xffffffff80000000, 0xcf000000                              /* -2^31 */
    TEST_FCVT_TO_INT_S 53, fcvt.l.s, rne, 0, 0x0000000100000000, 0x4f800000                              /* 2^32 */
    TEST_FCVT_TO_INT_S 54, fcvt.l.s, rne, 0, 0x00000000b2d05e00, 0x4f32d05e                              /* 3e9: in range for wu (result sign-extended), l and lu; too big for w */
    TEST_FCVT_TO_INT_S 55, fcvt.l.s, rne, FFLAG_NV, 0x7fffffffffffffff, 0x5f000000                       /* 2^63 */
    TEST_FCVT_TO_INT_S 56, fcvt.l.s, rne, 0, 0x8000000000000000, 0xdf000000                              /* -2^63 */
    TEST_FCVT_TO_INT_S 57, fcvt.l.s, rne, FFLAG_NV, 0x7fffffffffffffff, 0x5f800000                       /* 2^64 */
    TEST_FCVT_TO_INT_S 58, fcvt.l.s, rne, 0, 0xffffffffffffffff, 0xbf800000                              /* -1 */

    TEST_FCVT_TO_INT_S 59, fcvt.lu.s, rne, FFLAG_NX, 0x0000000000000002, 0x3fc00000                      /* 1.5 ties to even: 2 */
    TEST_FCVT_TO_INT_S 60, fcvt.lu.s, rne, FFLAG_NX, 0x0000000000000002, 0x40200000                      /* 2.5 ties to even: 2 */
    TEST_FCVT_TO_INT_S 61, fcvt.lu.s, rtz, FFLAG_NV, 0x0000000000000000, 0xc0200000                      /* -2.5 toward zero */
    TEST_FCVT_TO_INT_S 62, fcvt.lu.s, rdn, FFLAG_NV, 0x0000000000000000, 0xbf000000                      /* -0.5 rounded down: -1 (invalid for unsigned) */
    TEST_FCVT_TO_INT_S 63, fcvt.lu.s, rtz, FFLAG_NX, 0x0000000000000000, 0xbf000000                      /* -0.5 toward zero: 0, only inexact (even for unsigned) */
    TEST_FCVT_TO_INT_S 64, fcvt.lu.s, rup, FFLAG_NX, 0x0000000000000001, 0x3e800000                      /* 0.25 rounded up: 1 */
    TEST_FCVT_TO_INT_S 65, fcvt.lu.s, rmm, FFLAG_NV, 0x0000000000000000, 0xc0200000                      /* -2.5 ties away: -3 */
    TEST_FCVT_TO_INT_S 66, fcvt.lu.s, rne, 0, 0x0000000000000000, 0x80000000                             /* -0 gives 0, no flags */
    TEST_FCVT_TO_INT_S 67, fcvt.lu.s, rne, FFLAG_NV, 0xffffffffffffffff, 0x7fc00000                      /* NaN: largest value, NV */
    TEST_FCVT_TO_INT_S 68, fcvt.lu.s, rne, FFLAG_NV, 0xffffffffffffffff, 0x7f800000                      /* +inf: largest value, NV */
    TEST_FCVT_TO_INT_S 69, fcvt.lu.s, rne, FFLAG_NV, 0x0000000000000000, 0xff800000                      /* -inf: smallest value, NV */
    TEST_FCVT_TO_INT_S 70, fcvt.lu.s, rne, 0, 0x0000000080000000, 0x4f000000                             /* 2^31 */
    TEST_FCVT_TO_INT_S 71, fcvt.lu.s, rne, FFLAG_NV, 0x0000000000000000, 0xcf000000                      /* -2^31 */
    TEST_FCVT_TO_INT_S 72, fcvt.lu.s, rne, 0, 0x0000000100000000, 0x4f800000                             /* 2^32 */
    TEST_FCVT_TO_INT_S 73, fcvt.lu.s, rne, 0, 0x00000000b2d05e00, 0x4f32d05e                             /* 3e9: in range for wu (result sign-extended), l and lu; too big for w */
    TEST_FCVT_TO_INT_S 74, fcvt.lu.s, rne, 0, 0x8000000000000000, 0x5f000000                             /* 2^63 */
    TEST_FCVT_TO_INT_S 75, fcvt.lu.s, rne, FFLAG_NV, 0x0000000000000000, 0xdf000000                      /* -2^63 */
    TEST_FCVT_TO_INT_S 76, fcvt.lu.s, rne, FFLAG_NV, 0xffffffffffffffff, 0x5f800000                      /* 2^64 */
    TEST_FCVT_TO_INT_S 77, fcvt.lu.s, rne, FFLAG_NV, 0x0000000000000000, 0xbf800000                      /* -1 */

RVJ_TEST_END
