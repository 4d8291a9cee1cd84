/* Rounding modes for D: every static rm (rne rtz rdn rup rmm) and the same modes selected dynamically */
/* through frm, on ties, below-half and above-half cases of both signs, and through fcvt, fsqrt and fmadd. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2_D 2, fadd.d, rne, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000   /* 1 + ulp/2 (tie, even below), static rne */
    TEST_FP_OP2_D 3, fadd.d, rne, FFLAG_NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ca0000000000000   /* (1+ulp) + ulp/2 (tie, odd below), static rne */
    TEST_FP_OP2_D 4, fadd.d, rne, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca0000000000000   /* -1 - ulp/2 (negative tie), static rne */
    TEST_FP_OP2_D 5, fadd.d, rne, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000   /* 1 + ulp/4 (below half), static rne */
    TEST_FP_OP2_D 6, fadd.d, rne, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca8000000000000   /* -1 - 3ulp/4 (above half), static rne */
    TEST_FP_OP2_D 7, fadd.d, rtz, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000   /* 1 + ulp/2 (tie, even below), static rtz */
    TEST_FP_OP2_D 8, fadd.d, rtz, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ca0000000000000   /* (1+ulp) + ulp/2 (tie, odd below), static rtz */
    TEST_FP_OP2_D 9, fadd.d, rtz, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca0000000000000   /* -1 - ulp/2 (negative tie), static rtz */
    TEST_FP_OP2_D 10, fadd.d, rtz, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000  /* 1 + ulp/4 (below half), static rtz */
    TEST_FP_OP2_D 11, fadd.d, rtz, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca8000000000000  /* -1 - 3ulp/4 (above half), static rtz */
    TEST_FP_OP2_D 12, fadd.d, rdn, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000  /* 1 + ulp/2 (tie, even below), static rdn */
    TEST_FP_OP2_D 13, fadd.d, rdn, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ca0000000000000  /* (1+ulp) + ulp/2 (tie, odd below), static rdn */
    TEST_FP_OP2_D 14, fadd.d, rdn, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca0000000000000  /* -1 - ulp/2 (negative tie), static rdn */
    TEST_FP_OP2_D 15, fadd.d, rdn, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000  /* 1 + ulp/4 (below half), static rdn */
    TEST_FP_OP2_D 16, fadd.d, rdn, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca8000000000000  /* -1 - 3ulp/4 (above half), static rdn */
    TEST_FP_OP2_D 17, fadd.d, rup, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000  /* 1 + ulp/2 (tie, even below), static rup */
    TEST_FP_OP2_D 18, fadd.d, rup, FFLAG_NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ca0000000000000  /* (1+ulp) + ulp/2 (tie, odd below), static rup */
    TEST_FP_OP2_D 19, fadd.d, rup, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca0000000000000  /* -1 - ulp/2 (negative tie), static rup */
    TEST_FP_OP2_D 20, fadd.d, rup, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3c90000000000000  /* 1 + ulp/4 (below half), static rup */
    TEST_FP_OP2_D 21, fadd.d, rup, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca8000000000000  /* -1 - 3ulp/4 (above half), static rup */
    TEST_FP_OP2_D 22, fadd.d, rmm, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000  /* 1 + ulp/2 (tie, even below), static rmm */
    TEST_FP_OP2_D 23, fadd.d, rmm, FFLAG_NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ca0000000000000  /* (1+ulp) + ulp/2 (tie, odd below), static rmm */
    TEST_FP_OP2_D 24, fadd.d, rmm, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca0000000000000  /* -1 - ulp/2 (negative tie), static rmm */
    TEST_FP_OP2_D 25, fadd.d, rmm, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000  /* 1 + ulp/4 (below half), static rmm */
    TEST_FP_OP2_D 26, fadd.d, rmm, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca8000000000000  /* -1 - 3ulp/4 (above half), static rmm */

    fsrmi RM_RNE                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_D 27, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000  /* 1 + ulp/2 (tie, even below), dynamic frm = rne */
    TEST_FP_OP2_D 28, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ca0000000000000  /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rne */
    TEST_FP_OP2_D 29, fadd.d, dyn, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca0000000000000  /* -1 - ulp/2 (negative tie), dynamic frm = rne */
    TEST_FP_OP2_D 30, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000  /* 1 + ulp/4 (below half), dynamic frm = rne */
    TEST_FP_OP2_D 31, fadd.d, dyn, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca8000000000000  /* -1 - 3ulp/4 (above half), dynamic frm = rne */
    TEST_FCVT_TO_INT_D 32, fcvt.w.d, dyn, FFLAG_NX, 0xfffffffffffffffe, 0xc004000000000000               /* fcvt.w of -2.5, dynamic frm = rne */
    TEST_FP_OP1_D 33, fsqrt.d, dyn, FFLAG_NX, 0x3ff6a09e667f3bcd, 0x4000000000000000                     /* fsqrt(2), dynamic frm = rne */
    TEST_FP_OP3_D 34, fmadd.d, dyn, FFLAG_NX, 0x3cc0000000000000, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000 /* (1+ulp)^2 - 1, dynamic frm = rne */
    fsrmi RM_RTZ                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_D 35, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000  /* 1 + ulp/2 (tie, even below), dynamic frm = rtz */
    TEST_FP_OP2_D 36, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ca0000000000000  /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rtz */
    TEST_FP_OP2_D 37, fadd.d, dyn, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca0000000000000  /* -1 - ulp/2 (negative tie), dynamic frm = rtz */
    TEST_FP_OP2_D 38, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000  /* 1 + ulp/4 (below half), dynamic frm = rtz */
    TEST_FP_OP2_D 39, fadd.d, dyn, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca8000000000000  /* -1 - 3ulp/4 (above half), dynamic frm = rtz */
    TEST_FCVT_TO_INT_D 40, fcvt.w.d, dyn, FFLAG_NX, 0xfffffffffffffffe, 0xc004000000000000               /* fcvt.w of -2.5, dynamic frm = rtz */
    TEST_FP_OP1_D 41, fsqrt.d, dyn, FFLAG_NX, 0x3ff6a09e667f3bcc, 0x4000000000000000                     /* fsqrt(2), dynamic frm = rtz */
    TEST_FP_OP3_D 42, fmadd.d, dyn, FFLAG_NX, 0x3cc0000000000000, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000 /* (1+ulp)^2 - 1, dynamic frm = rtz */
    fsrmi RM_RDN                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_D 43, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000  /* 1 + ulp/2 (tie, even below), dynamic frm = rdn */
    TEST_FP_OP2_D 44, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ca0000000000000  /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rdn */
    TEST_FP_OP2_D 45, fadd.d, dyn, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca0000000000000  /* -1 - ulp/2 (negative tie), dynamic frm = rdn */
    TEST_FP_OP2_D 46, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000  /* 1 + ulp/4 (below half), dynamic frm = rdn */
    TEST_FP_OP2_D 47, fadd.d, dyn, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca8000000000000  /* -1 - 3ulp/4 (above half), dynamic frm = rdn */
    TEST_FCVT_TO_INT_D 48, fcvt.w.d, dyn, FFLAG_NX, 0xfffffffffffffffd, 0xc004000000000000               /* fcvt.w of -2.5, dynamic frm = rdn */
    TEST_FP_OP1_D 49, fsqrt.d, dyn, FFLAG_NX, 0x3ff6a09e667f3bcc, 0x4000000000000000                     /* fsqrt(2), dynamic frm = rdn */
    TEST_FP_OP3_D 50, fmadd.d, dyn, FFLAG_NX, 0x3cc0000000000000, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000 /* (1+ulp)^2 - 1, dynamic frm = rdn */
    fsrmi RM_RUP                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_D 51, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000  /* 1 + ulp/2 (tie, even below), dynamic frm = rup */
    TEST_FP_OP2_D 52, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ca0000000000000  /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rup */
    TEST_FP_OP2_D 53, fadd.d, dyn, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca0000000000000  /* -1 - ulp/2 (negative tie), dynamic frm = rup */
    TEST_FP_OP2_D 54, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3c90000000000000  /* 1 + ulp/4 (below half), dynamic frm = rup */
    TEST_FP_OP2_D 55, fadd.d, dyn, FFLAG_NX, 0xbff0000000000000, 0xbff0000000000000, 0xbca8000000000000  /* -1 - 3ulp/4 (above half), dynamic frm = rup */
    TEST_FCVT_TO_INT_D 56, fcvt.w.d, dyn, FFLAG_NX, 0xfffffffffffffffe, 0xc004000000000000               /* fcvt.w of -2.5, dynamic frm = rup */
    TEST_FP_OP1_D 57, fsqrt.d, dyn, FFLAG_NX, 0x3ff6a09e667f3bcd, 0x4000000000000000                     /* fsqrt(2), dynamic frm = rup */
    TEST_FP_OP3_D 58, fmadd.d, dyn, FFLAG_NX, 0x3cc0000000000001, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000 /* (1+ulp)^2 - 1, dynamic frm = rup */
    fsrmi RM_RMM                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_D 59, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000  /* 1 + ulp/2 (tie, even below), dynamic frm = rmm */
    TEST_FP_OP2_D 60, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ca0000000000000  /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rmm */
    TEST_FP_OP2_D 61, fadd.d, dyn, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca0000000000000  /* -1 - ulp/2 (negative tie), dynamic frm = rmm */
    TEST_FP_OP2_D 62, fadd.d, dyn, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000  /* 1 + ulp/4 (below half), dynamic frm = rmm */
    TEST_FP_OP2_D 63, fadd.d, dyn, FFLAG_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca8000000000000  /* -1 - 3ulp/4 (above half), dynamic frm = rmm */
    TEST_FCVT_TO_INT_D 64, fcvt.w.d, dyn, FFLAG_NX, 0xfffffffffffffffd, 0xc004000000000000               /* fcvt.w of -2.5, dynamic frm = rmm */
    TEST_FP_OP1_D 65, fsqrt.d, dyn, FFLAG_NX, 0x3ff6a09e667f3bcd, 0x4000000000000000                     /* fsqrt(2), dynamic frm = rmm */
    TEST_FP_OP3_D 66, fmadd.d, dyn, FFLAG_NX, 0x3cc0000000000001, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000 /* (1+ulp)^2 - 1, dynamic frm = rmm */
    fsrmi RM_RNE
RVJ_TEST_END
