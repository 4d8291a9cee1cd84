/* fcvt.h.s, fcvt.h.d (rounding in every mode, overflow, underflow, NaNs), fcvt.s.h and fcvt.d.h (exact;
   a signalling NaN raises NV and every NaN becomes canonical).
   Expected values come from exact rational arithmetic rounded once to half (11 bits, emin -14),
   tininess after rounding; checked against qemu-system-riscv64 7.2 (-cpu rv64,Zfh=true). */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FCVT_TO_H   2, fcvt.h.s, rne, 0, 0x3c00, 0xffffffff3f800000
    TEST_FCVT_TO_H   3, fcvt.h.s, rtz, 0, 0x3c00, 0xffffffff3f800000
    TEST_FCVT_TO_H   4, fcvt.h.s, rdn, 0, 0x3c00, 0xffffffff3f800000
    TEST_FCVT_TO_H   5, fcvt.h.s, rup, 0, 0x3c00, 0xffffffff3f800000
    TEST_FCVT_TO_H   6, fcvt.h.s, rmm, 0, 0x3c00, 0xffffffff3f800000
    TEST_FCVT_TO_H   7, fcvt.h.s, rne, FFLAG_NX, 0x3c00, 0xffffffff3f801000
    TEST_FCVT_TO_H   8, fcvt.h.s, rtz, FFLAG_NX, 0x3c00, 0xffffffff3f801000
    TEST_FCVT_TO_H   9, fcvt.h.s, rdn, FFLAG_NX, 0x3c00, 0xffffffff3f801000
    TEST_FCVT_TO_H  10, fcvt.h.s, rup, FFLAG_NX, 0x3c01, 0xffffffff3f801000
    TEST_FCVT_TO_H  11, fcvt.h.s, rmm, FFLAG_NX, 0x3c01, 0xffffffff3f801000
    TEST_FCVT_TO_H  12, fcvt.h.s, rne, 0, 0x3c01, 0xffffffff3f802000
    TEST_FCVT_TO_H  13, fcvt.h.s, rtz, 0, 0x3c01, 0xffffffff3f802000
    TEST_FCVT_TO_H  14, fcvt.h.s, rdn, 0, 0x3c01, 0xffffffff3f802000
    TEST_FCVT_TO_H  15, fcvt.h.s, rup, 0, 0x3c01, 0xffffffff3f802000
    TEST_FCVT_TO_H  16, fcvt.h.s, rmm, 0, 0x3c01, 0xffffffff3f802000
    TEST_FCVT_TO_H  17, fcvt.h.s, rne, FFLAG_NX, 0x3c02, 0xffffffff3f803000
    TEST_FCVT_TO_H  18, fcvt.h.s, rtz, FFLAG_NX, 0x3c01, 0xffffffff3f803000
    TEST_FCVT_TO_H  19, fcvt.h.s, rdn, FFLAG_NX, 0x3c01, 0xffffffff3f803000
    TEST_FCVT_TO_H  20, fcvt.h.s, rup, FFLAG_NX, 0x3c02, 0xffffffff3f803000
    TEST_FCVT_TO_H  21, fcvt.h.s, rmm, FFLAG_NX, 0x3c02, 0xffffffff3f803000
    TEST_FCVT_TO_H  22, fcvt.h.s, rne, FFLAG_NX, 0x3c00, 0xffffffff3f800001
    TEST_FCVT_TO_H  23, fcvt.h.s, rtz, FFLAG_NX, 0x3c00, 0xffffffff3f800001
    TEST_FCVT_TO_H  24, fcvt.h.s, rdn, FFLAG_NX, 0x3c00, 0xffffffff3f800001
    TEST_FCVT_TO_H  25, fcvt.h.s, rup, FFLAG_NX, 0x3c01, 0xffffffff3f800001
    TEST_FCVT_TO_H  26, fcvt.h.s, rmm, FFLAG_NX, 0x3c00, 0xffffffff3f800001
    TEST_FCVT_TO_H  27, fcvt.h.s, rne, 0, 0x7bff, 0xffffffff477fe000
    TEST_FCVT_TO_H  28, fcvt.h.s, rtz, 0, 0x7bff, 0xffffffff477fe000
    TEST_FCVT_TO_H  29, fcvt.h.s, rdn, 0, 0x7bff, 0xffffffff477fe000
    TEST_FCVT_TO_H  30, fcvt.h.s, rup, 0, 0x7bff, 0xffffffff477fe000
    TEST_FCVT_TO_H  31, fcvt.h.s, rmm, 0, 0x7bff, 0xffffffff477fe000
    TEST_FCVT_TO_H  32, fcvt.h.s, rne, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff477ff000
    TEST_FCVT_TO_H  33, fcvt.h.s, rtz, FFLAG_NX, 0x7bff, 0xffffffff477ff000
    TEST_FCVT_TO_H  34, fcvt.h.s, rdn, FFLAG_NX, 0x7bff, 0xffffffff477ff000
    TEST_FCVT_TO_H  35, fcvt.h.s, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff477ff000
    TEST_FCVT_TO_H  36, fcvt.h.s, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff477ff000
    TEST_FCVT_TO_H  37, fcvt.h.s, rne, FFLAG_NX, 0x7bff, 0xffffffff477fefff
    TEST_FCVT_TO_H  38, fcvt.h.s, rtz, FFLAG_NX, 0x7bff, 0xffffffff477fefff
    TEST_FCVT_TO_H  39, fcvt.h.s, rdn, FFLAG_NX, 0x7bff, 0xffffffff477fefff
    TEST_FCVT_TO_H  40, fcvt.h.s, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff477fefff
    TEST_FCVT_TO_H  41, fcvt.h.s, rmm, FFLAG_NX, 0x7bff, 0xffffffff477fefff
    TEST_FCVT_TO_H  42, fcvt.h.s, rne, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff47800000
    TEST_FCVT_TO_H  43, fcvt.h.s, rtz, FFLAG_OF|FFLAG_NX, 0x7bff, 0xffffffff47800000
    TEST_FCVT_TO_H  44, fcvt.h.s, rdn, FFLAG_OF|FFLAG_NX, 0x7bff, 0xffffffff47800000
    TEST_FCVT_TO_H  45, fcvt.h.s, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff47800000
    TEST_FCVT_TO_H  46, fcvt.h.s, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff47800000
    TEST_FCVT_TO_H  47, fcvt.h.s, rne, 0, 0x0001, 0xffffffff33800000
    TEST_FCVT_TO_H  48, fcvt.h.s, rtz, 0, 0x0001, 0xffffffff33800000
    TEST_FCVT_TO_H  49, fcvt.h.s, rdn, 0, 0x0001, 0xffffffff33800000
    TEST_FCVT_TO_H  50, fcvt.h.s, rup, 0, 0x0001, 0xffffffff33800000
    TEST_FCVT_TO_H  51, fcvt.h.s, rmm, 0, 0x0001, 0xffffffff33800000
    TEST_FCVT_TO_H  52, fcvt.h.s, rne, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff33000000
    TEST_FCVT_TO_H  53, fcvt.h.s, rtz, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff33000000
    TEST_FCVT_TO_H  54, fcvt.h.s, rdn, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff33000000
    TEST_FCVT_TO_H  55, fcvt.h.s, rup, FFLAG_UF|FFLAG_NX, 0x0001, 0xffffffff33000000
    TEST_FCVT_TO_H  56, fcvt.h.s, rmm, FFLAG_UF|FFLAG_NX, 0x0001, 0xffffffff33000000
    TEST_FCVT_TO_H  57, fcvt.h.s, rne, FFLAG_UF|FFLAG_NX, 0x0001, 0xffffffff33000001
    TEST_FCVT_TO_H  58, fcvt.h.s, rtz, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff33000001
    TEST_FCVT_TO_H  59, fcvt.h.s, rdn, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff33000001
    TEST_FCVT_TO_H  60, fcvt.h.s, rup, FFLAG_UF|FFLAG_NX, 0x0001, 0xffffffff33000001
    TEST_FCVT_TO_H  61, fcvt.h.s, rmm, FFLAG_UF|FFLAG_NX, 0x0001, 0xffffffff33000001
    TEST_FCVT_TO_H  62, fcvt.h.s, rne, 0, 0x03ff, 0xffffffff387fc000
    TEST_FCVT_TO_H  63, fcvt.h.s, rtz, 0, 0x03ff, 0xffffffff387fc000
    TEST_FCVT_TO_H  64, fcvt.h.s, rdn, 0, 0x03ff, 0xffffffff387fc000
    TEST_FCVT_TO_H  65, fcvt.h.s, rup, 0, 0x03ff, 0xffffffff387fc000
    TEST_FCVT_TO_H  66, fcvt.h.s, rmm, 0, 0x03ff, 0xffffffff387fc000
    TEST_FCVT_TO_H  67, fcvt.h.s, rne, 0, 0x0400, 0xffffffff38800000
    TEST_FCVT_TO_H  68, fcvt.h.s, rtz, 0, 0x0400, 0xffffffff38800000
    TEST_FCVT_TO_H  69, fcvt.h.s, rdn, 0, 0x0400, 0xffffffff38800000
    TEST_FCVT_TO_H  70, fcvt.h.s, rup, 0, 0x0400, 0xffffffff38800000
    TEST_FCVT_TO_H  71, fcvt.h.s, rmm, 0, 0x0400, 0xffffffff38800000
    TEST_FCVT_TO_H  72, fcvt.h.s, rne, FFLAG_NX, 0x0400, 0xffffffff387ff000
    TEST_FCVT_TO_H  73, fcvt.h.s, rtz, FFLAG_UF|FFLAG_NX, 0x03ff, 0xffffffff387ff000
    TEST_FCVT_TO_H  74, fcvt.h.s, rdn, FFLAG_UF|FFLAG_NX, 0x03ff, 0xffffffff387ff000
    TEST_FCVT_TO_H  75, fcvt.h.s, rup, FFLAG_NX, 0x0400, 0xffffffff387ff000
    TEST_FCVT_TO_H  76, fcvt.h.s, rmm, FFLAG_NX, 0x0400, 0xffffffff387ff000
    TEST_FCVT_TO_H  77, fcvt.h.s, rne, 0, 0x7c00, 0xffffffff7f800000
    TEST_FCVT_TO_H  78, fcvt.h.s, rtz, 0, 0x7c00, 0xffffffff7f800000
    TEST_FCVT_TO_H  79, fcvt.h.s, rdn, 0, 0x7c00, 0xffffffff7f800000
    TEST_FCVT_TO_H  80, fcvt.h.s, rup, 0, 0x7c00, 0xffffffff7f800000
    TEST_FCVT_TO_H  81, fcvt.h.s, rmm, 0, 0x7c00, 0xffffffff7f800000
    TEST_FCVT_TO_H  82, fcvt.h.s, rne, 0, 0xfc00, 0xffffffffff800000
    TEST_FCVT_TO_H  83, fcvt.h.s, rtz, 0, 0xfc00, 0xffffffffff800000
    TEST_FCVT_TO_H  84, fcvt.h.s, rdn, 0, 0xfc00, 0xffffffffff800000
    TEST_FCVT_TO_H  85, fcvt.h.s, rup, 0, 0xfc00, 0xffffffffff800000
    TEST_FCVT_TO_H  86, fcvt.h.s, rmm, 0, 0xfc00, 0xffffffffff800000
    TEST_FCVT_TO_H  87, fcvt.h.s, rne, 0, 0x7e00, 0xffffffff7fc00000
    TEST_FCVT_TO_H  88, fcvt.h.s, rtz, 0, 0x7e00, 0xffffffff7fc00000
    TEST_FCVT_TO_H  89, fcvt.h.s, rdn, 0, 0x7e00, 0xffffffff7fc00000
    TEST_FCVT_TO_H  90, fcvt.h.s, rup, 0, 0x7e00, 0xffffffff7fc00000
    TEST_FCVT_TO_H  91, fcvt.h.s, rmm, 0, 0x7e00, 0xffffffff7fc00000
    TEST_FCVT_TO_H  92, fcvt.h.s, rne, FFLAG_NV, 0x7e00, 0xffffffff7f800001
    TEST_FCVT_TO_H  93, fcvt.h.s, rtz, FFLAG_NV, 0x7e00, 0xffffffff7f800001
    TEST_FCVT_TO_H  94, fcvt.h.s, rdn, FFLAG_NV, 0x7e00, 0xffffffff7f800001
    TEST_FCVT_TO_H  95, fcvt.h.s, rup, FFLAG_NV, 0x7e00, 0xffffffff7f800001
    TEST_FCVT_TO_H  96, fcvt.h.s, rmm, FFLAG_NV, 0x7e00, 0xffffffff7f800001
    TEST_FCVT_TO_H  97, fcvt.h.s, rne, 0, 0x8000, 0xffffffff80000000
    TEST_FCVT_TO_H  98, fcvt.h.s, rtz, 0, 0x8000, 0xffffffff80000000
    TEST_FCVT_TO_H  99, fcvt.h.s, rdn, 0, 0x8000, 0xffffffff80000000
    TEST_FCVT_TO_H 100, fcvt.h.s, rup, 0, 0x8000, 0xffffffff80000000
    TEST_FCVT_TO_H 101, fcvt.h.s, rmm, 0, 0x8000, 0xffffffff80000000
    TEST_FCVT_TO_H 102, fcvt.h.s, rne, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff00000001
    TEST_FCVT_TO_H 103, fcvt.h.s, rtz, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff00000001
    TEST_FCVT_TO_H 104, fcvt.h.s, rdn, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff00000001
    TEST_FCVT_TO_H 105, fcvt.h.s, rup, FFLAG_UF|FFLAG_NX, 0x0001, 0xffffffff00000001
    TEST_FCVT_TO_H 106, fcvt.h.s, rmm, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff00000001
    TEST_FCVT_TO_H 107, fcvt.h.s, rne, FFLAG_NX, 0xbc00, 0xffffffffbf801000
    TEST_FCVT_TO_H 108, fcvt.h.s, rtz, FFLAG_NX, 0xbc00, 0xffffffffbf801000
    TEST_FCVT_TO_H 109, fcvt.h.s, rdn, FFLAG_NX, 0xbc01, 0xffffffffbf801000
    TEST_FCVT_TO_H 110, fcvt.h.s, rup, FFLAG_NX, 0xbc00, 0xffffffffbf801000
    TEST_FCVT_TO_H 111, fcvt.h.s, rmm, FFLAG_NX, 0xbc01, 0xffffffffbf801000
    TEST_FCVT_TO_H 112, fcvt.h.s, rne, FFLAG_NX, 0x3555, 0xffffffff3eaaaaab
    TEST_FCVT_TO_H 113, fcvt.h.s, rtz, FFLAG_NX, 0x3555, 0xffffffff3eaaaaab
    TEST_FCVT_TO_H 114, fcvt.h.s, rdn, FFLAG_NX, 0x3555, 0xffffffff3eaaaaab
    TEST_FCVT_TO_H 115, fcvt.h.s, rup, FFLAG_NX, 0x3556, 0xffffffff3eaaaaab
    TEST_FCVT_TO_H 116, fcvt.h.s, rmm, FFLAG_NX, 0x3555, 0xffffffff3eaaaaab
    TEST_FCVT_TO_H 117, fcvt.h.s, rne, FFLAG_OF|FFLAG_NX, 0xfc00, 0xffffffffc7800000
    TEST_FCVT_TO_H 118, fcvt.h.s, rtz, FFLAG_OF|FFLAG_NX, 0xfbff, 0xffffffffc7800000
    TEST_FCVT_TO_H 119, fcvt.h.s, rdn, FFLAG_OF|FFLAG_NX, 0xfc00, 0xffffffffc7800000
    TEST_FCVT_TO_H 120, fcvt.h.s, rup, FFLAG_OF|FFLAG_NX, 0xfbff, 0xffffffffc7800000
    TEST_FCVT_TO_H 121, fcvt.h.s, rmm, FFLAG_OF|FFLAG_NX, 0xfc00, 0xffffffffc7800000
    TEST_FCVT_TO_H 122, fcvt.h.s, rne, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff7f7fffff
    TEST_FCVT_TO_H 123, fcvt.h.s, rtz, FFLAG_OF|FFLAG_NX, 0x7bff, 0xffffffff7f7fffff
    TEST_FCVT_TO_H 124, fcvt.h.s, rdn, FFLAG_OF|FFLAG_NX, 0x7bff, 0xffffffff7f7fffff
    TEST_FCVT_TO_H 125, fcvt.h.s, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff7f7fffff
    TEST_FCVT_TO_H 126, fcvt.h.s, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff7f7fffff
    TEST_FCVT_TO_H 127, fcvt.h.s, rne, FFLAG_NX, 0x4bf9, 0xffffffff417f20e2
    TEST_FCVT_TO_H 128, fcvt.h.s, rtz, FFLAG_UF|FFLAG_NX, 0x8000, 0xffffffff9049576e
    TEST_FCVT_TO_H 129, fcvt.h.s, rdn, FFLAG_UF|FFLAG_NX, 0x8001, 0xffffffffa0bb2c6a
    TEST_FCVT_TO_H 130, fcvt.h.s, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff5e674692
    TEST_FCVT_TO_H 131, fcvt.h.s, rmm, FFLAG_UF|FFLAG_NX, 0x8000, 0xffffffff90066958
    TEST_FCVT_TO_H 132, fcvt.h.s, rne, FFLAG_OF|FFLAG_NX, 0xfc00, 0xffffffffc7840396
    TEST_FCVT_TO_H 133, fcvt.h.s, rtz, FFLAG_NX, 0x3ed1, 0xffffffff3fda2dc1
    TEST_FCVT_TO_H 134, fcvt.h.s, rdn, FFLAG_NX, 0xd0a0, 0xffffffffc213ed3a
    TEST_FCVT_TO_H 135, fcvt.h.s, rup, FFLAG_UF|FFLAG_NX, 0x8000, 0xffffffffa2ca12af
    TEST_FCVT_TO_H 136, fcvt.h.s, rmm, FFLAG_NX, 0xac1b, 0xffffffffbd835dca
    TEST_FCVT_TO_H 137, fcvt.h.s, rne, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff498a95b9
    TEST_FCVT_TO_H 138, fcvt.h.s, rtz, FFLAG_UF|FFLAG_NX, 0x8000, 0xffffffffa8d883de
    TEST_FCVT_TO_H 139, fcvt.h.s, rdn, FFLAG_OF|FFLAG_NX, 0xfc00, 0xffffffffcbe1c43b
    TEST_FCVT_TO_H 140, fcvt.h.s, rup, FFLAG_UF|FFLAG_NX, 0x8000, 0xffffffff939d7595
    TEST_FCVT_TO_H 141, fcvt.h.s, rmm, FFLAG_NX, 0x08fb, 0xffffffff391f54e9
    TEST_FCVT_TO_H 142, fcvt.h.s, rne, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff2ae2c717
    TEST_FCVT_TO_H 143, fcvt.h.s, rtz, FFLAG_UF|FFLAG_NX, 0x0000, 0xffffffff0a90a982
    TEST_FCVT_TO_H 144, fcvt.h.s, rdn, FFLAG_OF|FFLAG_NX, 0x7bff, 0xffffffff77d4b8b3
    TEST_FCVT_TO_H 145, fcvt.h.s, rup, FFLAG_OF|FFLAG_NX, 0xfbff, 0xfffffffffd20f2cc
    TEST_FCVT_TO_H 146, fcvt.h.s, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0xffffffff66df554f
    TEST_FCVT_TO_H 147, fcvt.h.d, rne, 0, 0x3c00, 0x3ff0000000000000
    TEST_FCVT_TO_H 148, fcvt.h.d, rtz, 0, 0x3c00, 0x3ff0000000000000
    TEST_FCVT_TO_H 149, fcvt.h.d, rdn, 0, 0x3c00, 0x3ff0000000000000
    TEST_FCVT_TO_H 150, fcvt.h.d, rup, 0, 0x3c00, 0x3ff0000000000000
    TEST_FCVT_TO_H 151, fcvt.h.d, rmm, 0, 0x3c00, 0x3ff0000000000000
    TEST_FCVT_TO_H 152, fcvt.h.d, rne, FFLAG_NX, 0x3c00, 0x3ff0020000000000
    TEST_FCVT_TO_H 153, fcvt.h.d, rtz, FFLAG_NX, 0x3c00, 0x3ff0020000000000
    TEST_FCVT_TO_H 154, fcvt.h.d, rdn, FFLAG_NX, 0x3c00, 0x3ff0020000000000
    TEST_FCVT_TO_H 155, fcvt.h.d, rup, FFLAG_NX, 0x3c01, 0x3ff0020000000000
    TEST_FCVT_TO_H 156, fcvt.h.d, rmm, FFLAG_NX, 0x3c01, 0x3ff0020000000000
    TEST_FCVT_TO_H 157, fcvt.h.d, rne, FFLAG_NX, 0x3c01, 0x3ff0020000001000
    TEST_FCVT_TO_H 158, fcvt.h.d, rtz, FFLAG_NX, 0x3c00, 0x3ff0020000001000
    TEST_FCVT_TO_H 159, fcvt.h.d, rdn, FFLAG_NX, 0x3c00, 0x3ff0020000001000
    TEST_FCVT_TO_H 160, fcvt.h.d, rup, FFLAG_NX, 0x3c01, 0x3ff0020000001000
    TEST_FCVT_TO_H 161, fcvt.h.d, rmm, FFLAG_NX, 0x3c01, 0x3ff0020000001000
    TEST_FCVT_TO_H 162, fcvt.h.d, rne, FFLAG_OF|FFLAG_NX, 0x7c00, 0x40effe0000000000
    TEST_FCVT_TO_H 163, fcvt.h.d, rtz, FFLAG_NX, 0x7bff, 0x40effe0000000000
    TEST_FCVT_TO_H 164, fcvt.h.d, rdn, FFLAG_NX, 0x7bff, 0x40effe0000000000
    TEST_FCVT_TO_H 165, fcvt.h.d, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0x40effe0000000000
    TEST_FCVT_TO_H 166, fcvt.h.d, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0x40effe0000000000
    TEST_FCVT_TO_H 167, fcvt.h.d, rne, FFLAG_NX, 0x7bff, 0x40effdffae147ae1
    TEST_FCVT_TO_H 168, fcvt.h.d, rtz, FFLAG_NX, 0x7bff, 0x40effdffae147ae1
    TEST_FCVT_TO_H 169, fcvt.h.d, rdn, FFLAG_NX, 0x7bff, 0x40effdffae147ae1
    TEST_FCVT_TO_H 170, fcvt.h.d, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0x40effdffae147ae1
    TEST_FCVT_TO_H 171, fcvt.h.d, rmm, FFLAG_NX, 0x7bff, 0x40effdffae147ae1
    TEST_FCVT_TO_H 172, fcvt.h.d, rne, FFLAG_UF|FFLAG_NX, 0x0000, 0x3e60000000000000
    TEST_FCVT_TO_H 173, fcvt.h.d, rtz, FFLAG_UF|FFLAG_NX, 0x0000, 0x3e60000000000000
    TEST_FCVT_TO_H 174, fcvt.h.d, rdn, FFLAG_UF|FFLAG_NX, 0x0000, 0x3e60000000000000
    TEST_FCVT_TO_H 175, fcvt.h.d, rup, FFLAG_UF|FFLAG_NX, 0x0001, 0x3e60000000000000
    TEST_FCVT_TO_H 176, fcvt.h.d, rmm, FFLAG_UF|FFLAG_NX, 0x0001, 0x3e60000000000000
    TEST_FCVT_TO_H 177, fcvt.h.d, rne, FFLAG_UF|FFLAG_NX, 0x0001, 0x3e60000000020000
    TEST_FCVT_TO_H 178, fcvt.h.d, rtz, FFLAG_UF|FFLAG_NX, 0x0000, 0x3e60000000020000
    TEST_FCVT_TO_H 179, fcvt.h.d, rdn, FFLAG_UF|FFLAG_NX, 0x0000, 0x3e60000000020000
    TEST_FCVT_TO_H 180, fcvt.h.d, rup, FFLAG_UF|FFLAG_NX, 0x0001, 0x3e60000000020000
    TEST_FCVT_TO_H 181, fcvt.h.d, rmm, FFLAG_UF|FFLAG_NX, 0x0001, 0x3e60000000020000
    TEST_FCVT_TO_H 182, fcvt.h.d, rne, 0, 0x8001, 0xbe70000000000000
    TEST_FCVT_TO_H 183, fcvt.h.d, rtz, 0, 0x8001, 0xbe70000000000000
    TEST_FCVT_TO_H 184, fcvt.h.d, rdn, 0, 0x8001, 0xbe70000000000000
    TEST_FCVT_TO_H 185, fcvt.h.d, rup, 0, 0x8001, 0xbe70000000000000
    TEST_FCVT_TO_H 186, fcvt.h.d, rmm, 0, 0x8001, 0xbe70000000000000
    TEST_FCVT_TO_H 187, fcvt.h.d, rne, FFLAG_NV, 0x7e00, 0x7ff0000000000001
    TEST_FCVT_TO_H 188, fcvt.h.d, rtz, FFLAG_NV, 0x7e00, 0x7ff0000000000001
    TEST_FCVT_TO_H 189, fcvt.h.d, rdn, FFLAG_NV, 0x7e00, 0x7ff0000000000001
    TEST_FCVT_TO_H 190, fcvt.h.d, rup, FFLAG_NV, 0x7e00, 0x7ff0000000000001
    TEST_FCVT_TO_H 191, fcvt.h.d, rmm, FFLAG_NV, 0x7e00, 0x7ff0000000000001
    TEST_FCVT_TO_H 192, fcvt.h.d, rne, 0, 0x7e00, 0x7ff8000000000000
    TEST_FCVT_TO_H 193, fcvt.h.d, rtz, 0, 0x7e00, 0x7ff8000000000000
    TEST_FCVT_TO_H 194, fcvt.h.d, rdn, 0, 0x7e00, 0x7ff8000000000000
    TEST_FCVT_TO_H 195, fcvt.h.d, rup, 0, 0x7e00, 0x7ff8000000000000
    TEST_FCVT_TO_H 196, fcvt.h.d, rmm, 0, 0x7e00, 0x7ff8000000000000
    TEST_FCVT_TO_H 197, fcvt.h.d, rne, 0, 0xfc00, 0xfff0000000000000
    TEST_FCVT_TO_H 198, fcvt.h.d, rtz, 0, 0xfc00, 0xfff0000000000000
    TEST_FCVT_TO_H 199, fcvt.h.d, rdn, 0, 0xfc00, 0xfff0000000000000
    TEST_FCVT_TO_H 200, fcvt.h.d, rup, 0, 0xfc00, 0xfff0000000000000
    TEST_FCVT_TO_H 201, fcvt.h.d, rmm, 0, 0xfc00, 0xfff0000000000000
    TEST_FCVT_TO_H 202, fcvt.h.d, rne, 0, 0x8000, 0x8000000000000000
    TEST_FCVT_TO_H 203, fcvt.h.d, rtz, 0, 0x8000, 0x8000000000000000
    TEST_FCVT_TO_H 204, fcvt.h.d, rdn, 0, 0x8000, 0x8000000000000000
    TEST_FCVT_TO_H 205, fcvt.h.d, rup, 0, 0x8000, 0x8000000000000000
    TEST_FCVT_TO_H 206, fcvt.h.d, rmm, 0, 0x8000, 0x8000000000000000
    TEST_FCVT_TO_H 207, fcvt.h.d, rne, FFLAG_OF|FFLAG_NX, 0x7c00, 0x7e37e43c8800759c
    TEST_FCVT_TO_H 208, fcvt.h.d, rtz, FFLAG_OF|FFLAG_NX, 0x7bff, 0x7e37e43c8800759c
    TEST_FCVT_TO_H 209, fcvt.h.d, rdn, FFLAG_OF|FFLAG_NX, 0x7bff, 0x7e37e43c8800759c
    TEST_FCVT_TO_H 210, fcvt.h.d, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0x7e37e43c8800759c
    TEST_FCVT_TO_H 211, fcvt.h.d, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0x7e37e43c8800759c
    TEST_FCVT_TO_H 212, fcvt.h.d, rne, FFLAG_NX, 0x3555, 0x3fd5555555555555
    TEST_FCVT_TO_H 213, fcvt.h.d, rtz, FFLAG_NX, 0x3555, 0x3fd5555555555555
    TEST_FCVT_TO_H 214, fcvt.h.d, rdn, FFLAG_NX, 0x3555, 0x3fd5555555555555
    TEST_FCVT_TO_H 215, fcvt.h.d, rup, FFLAG_NX, 0x3556, 0x3fd5555555555555
    TEST_FCVT_TO_H 216, fcvt.h.d, rmm, FFLAG_NX, 0x3555, 0x3fd5555555555555
    TEST_FCVT_TO_H 217, fcvt.h.d, rne, FFLAG_NX, 0x8400, 0xbf0ffe0000000000
    TEST_FCVT_TO_H 218, fcvt.h.d, rtz, FFLAG_UF|FFLAG_NX, 0x83ff, 0xbf0ffe0000000000
    TEST_FCVT_TO_H 219, fcvt.h.d, rdn, FFLAG_NX, 0x8400, 0xbf0ffe0000000000
    TEST_FCVT_TO_H 220, fcvt.h.d, rup, FFLAG_UF|FFLAG_NX, 0x83ff, 0xbf0ffe0000000000
    TEST_FCVT_TO_H 221, fcvt.h.d, rmm, FFLAG_NX, 0x8400, 0xbf0ffe0000000000
    TEST_FCVT_FROM_H 222, fcvt.s.h, 0, 0xffffffff3f800000, 0x3c00
    TEST_FCVT_FROM_H 223, fcvt.d.h, 0, 0x3ff0000000000000, 0x3c00
    TEST_FCVT_FROM_H 224, fcvt.s.h, 0, 0xffffffff33800000, 0x0001
    TEST_FCVT_FROM_H 225, fcvt.d.h, 0, 0x3e70000000000000, 0x0001
    TEST_FCVT_FROM_H 226, fcvt.s.h, 0, 0xffffffffb87fc000, 0x83ff
    TEST_FCVT_FROM_H 227, fcvt.d.h, 0, 0xbf0ff80000000000, 0x83ff
    TEST_FCVT_FROM_H 228, fcvt.s.h, 0, 0xffffffff477fe000, 0x7bff
    TEST_FCVT_FROM_H 229, fcvt.d.h, 0, 0x40effc0000000000, 0x7bff
    TEST_FCVT_FROM_H 230, fcvt.s.h, 0, 0xffffffff7f800000, 0x7c00
    TEST_FCVT_FROM_H 231, fcvt.d.h, 0, 0x7ff0000000000000, 0x7c00
    TEST_FCVT_FROM_H 232, fcvt.s.h, 0, 0xffffffffff800000, 0xfc00
    TEST_FCVT_FROM_H 233, fcvt.d.h, 0, 0xfff0000000000000, 0xfc00
    TEST_FCVT_FROM_H 234, fcvt.s.h, 0, 0xffffffff7fc00000, 0x7e00
    TEST_FCVT_FROM_H 235, fcvt.d.h, 0, 0x7ff8000000000000, 0x7e00
    TEST_FCVT_FROM_H 236, fcvt.s.h, FFLAG_NV, 0xffffffff7fc00000, 0x7c01
    TEST_FCVT_FROM_H 237, fcvt.d.h, FFLAG_NV, 0x7ff8000000000000, 0x7c01
    TEST_FCVT_FROM_H 238, fcvt.s.h, 0, 0xffffffff7fc00000, 0xfe55
    TEST_FCVT_FROM_H 239, fcvt.d.h, 0, 0x7ff8000000000000, 0xfe55
    TEST_FCVT_FROM_H 240, fcvt.s.h, 0, 0xffffffff80000000, 0x8000
    TEST_FCVT_FROM_H 241, fcvt.d.h, 0, 0x8000000000000000, 0x8000
    TEST_FCVT_FROM_H 242, fcvt.s.h, 0, 0xffffffff3eaaa000, 0x3555
    TEST_FCVT_FROM_H 243, fcvt.d.h, 0, 0x3fd5540000000000, 0x3555
RVJ_TEST_END
