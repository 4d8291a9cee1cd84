/* Rounding modes for S: every static rm (rne rtz rdn rup rmm) and the same modes selected dynamically */
/* through frm, on ties, below-half and above-half cases of both signs, and through fcvt, fsqrt and fmadd. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2_S 2, fadd.s, rne, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33800000                           /* 1 + ulp/2 (tie, even below), static rne */
    TEST_FP_OP2_S 3, fadd.s, rne, FFLAG_NX, 0x3f800002, 0x3f800001, 0x33800000                           /* (1+ulp) + ulp/2 (tie, odd below), static rne */
    TEST_FP_OP2_S 4, fadd.s, rne, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3800000                           /* -1 - ulp/2 (negative tie), static rne */
    TEST_FP_OP2_S 5, fadd.s, rne, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33000000                           /* 1 + ulp/4 (below half), static rne */
    TEST_FP_OP2_S 6, fadd.s, rne, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3c00000                           /* -1 - 3ulp/4 (above half), static rne */
    TEST_FP_OP2_S 7, fadd.s, rtz, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33800000                           /* 1 + ulp/2 (tie, even below), static rtz */
    TEST_FP_OP2_S 8, fadd.s, rtz, FFLAG_NX, 0x3f800001, 0x3f800001, 0x33800000                           /* (1+ulp) + ulp/2 (tie, odd below), static rtz */
    TEST_FP_OP2_S 9, fadd.s, rtz, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3800000                           /* -1 - ulp/2 (negative tie), static rtz */
    TEST_FP_OP2_S 10, fadd.s, rtz, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33000000                          /* 1 + ulp/4 (below half), static rtz */
    TEST_FP_OP2_S 11, fadd.s, rtz, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3c00000                          /* -1 - 3ulp/4 (above half), static rtz */
    TEST_FP_OP2_S 12, fadd.s, rdn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33800000                          /* 1 + ulp/2 (tie, even below), static rdn */
    TEST_FP_OP2_S 13, fadd.s, rdn, FFLAG_NX, 0x3f800001, 0x3f800001, 0x33800000                          /* (1+ulp) + ulp/2 (tie, odd below), static rdn */
    TEST_FP_OP2_S 14, fadd.s, rdn, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3800000                          /* -1 - ulp/2 (negative tie), static rdn */
    TEST_FP_OP2_S 15, fadd.s, rdn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33000000                          /* 1 + ulp/4 (below half), static rdn */
    TEST_FP_OP2_S 16, fadd.s, rdn, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3c00000                          /* -1 - 3ulp/4 (above half), static rdn */
    TEST_FP_OP2_S 17, fadd.s, rup, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33800000                          /* 1 + ulp/2 (tie, even below), static rup */
    TEST_FP_OP2_S 18, fadd.s, rup, FFLAG_NX, 0x3f800002, 0x3f800001, 0x33800000                          /* (1+ulp) + ulp/2 (tie, odd below), static rup */
    TEST_FP_OP2_S 19, fadd.s, rup, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3800000                          /* -1 - ulp/2 (negative tie), static rup */
    TEST_FP_OP2_S 20, fadd.s, rup, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33000000                          /* 1 + ulp/4 (below half), static rup */
    TEST_FP_OP2_S 21, fadd.s, rup, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3c00000                          /* -1 - 3ulp/4 (above half), static rup */
    TEST_FP_OP2_S 22, fadd.s, rmm, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33800000                          /* 1 + ulp/2 (tie, even below), static rmm */
    TEST_FP_OP2_S 23, fadd.s, rmm, FFLAG_NX, 0x3f800002, 0x3f800001, 0x33800000                          /* (1+ulp) + ulp/2 (tie, odd below), static rmm */
    TEST_FP_OP2_S 24, fadd.s, rmm, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3800000                          /* -1 - ulp/2 (negative tie), static rmm */
    TEST_FP_OP2_S 25, fadd.s, rmm, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33000000                          /* 1 + ulp/4 (below half), static rmm */
    TEST_FP_OP2_S 26, fadd.s, rmm, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3c00000                          /* -1 - 3ulp/4 (above half), static rmm */

    fsrmi RM_RNE                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_S 27, fadd.s, dyn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33800000                          /* 1 + ulp/2 (tie, even below), dynamic frm = rne */
    TEST_FP_OP2_S 28, fadd.s, dyn, FFLAG_NX, 0x3f800002, 0x3f800001, 0x33800000                          /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rne */
    TEST_FP_OP2_S 29, fadd.s, dyn, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3800000                          /* -1 - ulp/2 (negative tie), dynamic frm = rne */
    TEST_FP_OP2_S 30, fadd.s, dyn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33000000                          /* 1 + ulp/4 (below half), dynamic frm = rne */
    TEST_FP_OP2_S 31, fadd.s, dyn, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3c00000                          /* -1 - 3ulp/4 (above half), dynamic frm = rne */
    TEST_FCVT_TO_INT_S 32, fcvt.w.s, dyn, FFLAG_NX, 0xfffffffffffffffe, 0xc0200000                       /* fcvt.w of -2.5, dynamic frm = rne */
    TEST_FP_OP1_S 33, fsqrt.s, dyn, FFLAG_NX, 0x3fb504f3, 0x40000000                                     /* fsqrt(2), dynamic frm = rne */
    TEST_FP_OP3_S 34, fmadd.s, dyn, FFLAG_NX, 0x34800000, 0x3f800001, 0x3f800001, 0xbf800000             /* (1+ulp)^2 - 1, dynamic frm = rne */
    fsrmi RM_RTZ                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_S 35, fadd.s, dyn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33800000                          /* 1 + ulp/2 (tie, even below), dynamic frm = rtz */
    TEST_FP_OP2_S 36, fadd.s, dyn, FFLAG_NX, 0x3f800001, 0x3f800001, 0x33800000                          /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rtz */
    TEST_FP_OP2_S 37, fadd.s, dyn, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3800000                          /* -1 - ulp/2 (negative tie), dynamic frm = rtz */
    TEST_FP_OP2_S 38, fadd.s, dyn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33000000                          /* 1 + ulp/4 (below half), dynamic frm = rtz */
    TEST_FP_OP2_S 39, fadd.s, dyn, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3c00000                          /* -1 - 3ulp/4 (above half), dynamic frm = rtz */
    TEST_FCVT_TO_INT_S 40, fcvt.w.s, dyn, FFLAG_NX, 0xfffffffffffffffe, 0xc0200000                       /* fcvt.w of -2.5, dynamic frm = rtz */
    TEST_FP_OP1_S 41, fsqrt.s, dyn, FFLAG_NX, 0x3fb504f3, 0x40000000                                     /* fsqrt(2), dynamic frm = rtz */
    TEST_FP_OP3_S 42, fmadd.s, dyn, FFLAG_NX, 0x34800000, 0x3f800001, 0x3f800001, 0xbf800000             /* (1+ulp)^2 - 1, dynamic frm = rtz */
    fsrmi RM_RDN                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_S 43, fadd.s, dyn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33800000                          /* 1 + ulp/2 (tie, even below), dynamic frm = rdn */
    TEST_FP_OP2_S 44, fadd.s, dyn, FFLAG_NX, 0x3f800001, 0x3f800001, 0x33800000                          /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rdn */
    TEST_FP_OP2_S 45, fadd.s, dyn, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3800000                          /* -1 - ulp/2 (negative tie), dynamic frm = rdn */
    TEST_FP_OP2_S 46, fadd.s, dyn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33000000                          /* 1 + ulp/4 (below half), dynamic frm = rdn */
    TEST_FP_OP2_S 47, fadd.s, dyn, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3c00000                          /* -1 - 3ulp/4 (above half), dynamic frm = rdn */
    TEST_FCVT_TO_INT_S 48, fcvt.w.s, dyn, FFLAG_NX, 0xfffffffffffffffd, 0xc0200000                       /* fcvt.w of -2.5, dynamic frm = rdn */
    TEST_FP_OP1_S 49, fsqrt.s, dyn, FFLAG_NX, 0x3fb504f3, 0x40000000                                     /* fsqrt(2), dynamic frm = rdn */
    TEST_FP_OP3_S 50, fmadd.s, dyn, FFLAG_NX, 0x34800000, 0x3f800001, 0x3f800001, 0xbf800000             /* (1+ulp)^2 - 1, dynamic frm = rdn */
    fsrmi RM_RUP                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_S 51, fadd.s, dyn, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33800000                          /* 1 + ulp/2 (tie, even below), dynamic frm = rup */
    TEST_FP_OP2_S 52, fadd.s, dyn, FFLAG_NX, 0x3f800002, 0x3f800001, 0x33800000                          /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rup */
    TEST_FP_OP2_S 53, fadd.s, dyn, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3800000                          /* -1 - ulp/2 (negative tie), dynamic frm = rup */
    TEST_FP_OP2_S 54, fadd.s, dyn, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33000000                          /* 1 + ulp/4 (below half), dynamic frm = rup */
    TEST_FP_OP2_S 55, fadd.s, dyn, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3c00000                          /* -1 - 3ulp/4 (above half), dynamic frm = rup */
    TEST_FCVT_TO_INT_S 56, fcvt.w.s, dyn, FFLAG_NX, 0xfffffffffffffffe, 0xc0200000                       /* fcvt.w of -2.5, dynamic frm = rup */
    TEST_FP_OP1_S 57, fsqrt.s, dyn, FFLAG_NX, 0x3fb504f4, 0x40000000                                     /* fsqrt(2), dynamic frm = rup */
    TEST_FP_OP3_S 58, fmadd.s, dyn, FFLAG_NX, 0x34800001, 0x3f800001, 0x3f800001, 0xbf800000             /* (1+ulp)^2 - 1, dynamic frm = rup */
    fsrmi RM_RMM                                                                                           /* dynamic rounding mode for the cases below */
    TEST_FP_OP2_S 59, fadd.s, dyn, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33800000                          /* 1 + ulp/2 (tie, even below), dynamic frm = rmm */
    TEST_FP_OP2_S 60, fadd.s, dyn, FFLAG_NX, 0x3f800002, 0x3f800001, 0x33800000                          /* (1+ulp) + ulp/2 (tie, odd below), dynamic frm = rmm */
    TEST_FP_OP2_S 61, fadd.s, dyn, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3800000                          /* -1 - ulp/2 (negative tie), dynamic frm = rmm */
    TEST_FP_OP2_S 62, fadd.s, dyn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33000000                          /* 1 + ulp/4 (below half), dynamic frm = rmm */
    TEST_FP_OP2_S 63, fadd.s, dyn, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3c00000                          /* -1 - 3ulp/4 (above half), dynamic frm = rmm */
    TEST_FCVT_TO_INT_S 64, fcvt.w.s, dyn, FFLAG_NX, 0xfffffffffffffffd, 0xc0200000                       /* fcvt.w of -2.5, dynamic frm = rmm */
    TEST_FP_OP1_S 65, fsqrt.s, dyn, FFLAG_NX, 0x3fb504f3, 0x40000000                                     /* fsqrt(2), dynamic frm = rmm */
    TEST_FP_OP3_S 66, fmadd.s, dyn, FFLAG_NX, 0x34800001, 0x3f800001, 0x3f800001, 0xbf800000             /* (1+ulp)^2 - 1, dynamic frm = rmm */
    fsrmi RM_RNE
RVJ_TEST_END
