/* fdiv.h and fsqrt.h: rounding modes, division by zero (DZ), 0/0 and inf/inf (NV), square roots of
   negative numbers (NV), exact and inexact roots, subnormal operands.
   Expected values come from exact rational arithmetic rounded once to half (11 bits, emin -14),
   tininess after rounding; checked against qemu-system-riscv64 7.2 (-cpu rv64,Zfh=true). */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2_H   2, fdiv.h, rne, FFLAG_NX, 0x3555, 0x3c00, 0x4200
    TEST_FP_OP2_H   3, fdiv.h, rtz, FFLAG_DZ, 0x7c00, 0x3c00, 0x0000
    TEST_FP_OP2_H   4, fdiv.h, rdn, FFLAG_NV, 0x7e00, 0x0000, 0x0000
    TEST_FP_OP2_H   5, fdiv.h, rup, FFLAG_NV, 0x7e00, 0x7c00, 0x7c00
    TEST_FP_OP2_H   6, fdiv.h, rmm, FFLAG_DZ, 0x7c00, 0xbc00, 0x8000
    TEST_FP_OP2_H   7, fdiv.h, rne, FFLAG_UF|FFLAG_NX, 0x0000, 0x0001, 0x4000
    TEST_FP_OP2_H   8, fdiv.h, rtz, FFLAG_UF|FFLAG_NX, 0x0001, 0x0003, 0x4000
    TEST_FP_OP2_H   9, fdiv.h, rdn, FFLAG_OF|FFLAG_NX, 0x7bff, 0x7bff, 0x3800
    TEST_FP_OP2_H  10, fdiv.h, rup, FFLAG_UF|FFLAG_NX, 0x0400, 0x0400, 0x3c01
    TEST_FP_OP2_H  11, fdiv.h, rmm, FFLAG_NV, 0x7e00, 0x7c01, 0x3c00
    TEST_FP_OP2_H  12, fdiv.h, rne, 0, 0x0000, 0x3c00, 0x7c00
    TEST_FP_OP2_H  13, fdiv.h, rtz, 0, 0x0000, 0x0000, 0x3c00
    TEST_FP_OP2_H  14, fdiv.h, rdn, FFLAG_NX, 0x42aa, 0x4900, 0x4200
    TEST_FP_OP2_H  15, fdiv.h, rup, FFLAG_UF|FFLAG_NX, 0x0119, 0x0bff, 0x4b4d
    TEST_FP_OP2_H  16, fdiv.h, rmm, FFLAG_NX, 0xbda2, 0x7bff, 0xf9ae
    TEST_FP_OP2_H  17, fdiv.h, rne, FFLAG_UF|FFLAG_NX, 0x8000, 0x002b, 0xefdd
    TEST_FP_OP2_H  18, fdiv.h, rtz, FFLAG_NX, 0xf002, 0xd603, 0x21ff
    TEST_FP_OP2_H  19, fdiv.h, rdn, 0, 0x7e00, 0x7e00, 0x2e66
    TEST_FP_OP2_H  20, fdiv.h, rup, FFLAG_UF|FFLAG_NX, 0x8022, 0x26e8, 0xf272
    TEST_FP_OP2_H  21, fdiv.h, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0x625b, 0x12e3
    TEST_FP_OP2_H  22, fdiv.h, rne, FFLAG_NX, 0x0c1f, 0x076a, 0x3733
    TEST_FP_OP2_H  23, fdiv.h, rtz, FFLAG_UF|FFLAG_NX, 0x0002, 0x9f2d, 0xf9ff
    TEST_FP_OP2_H  24, fdiv.h, rdn, FFLAG_NX, 0x6205, 0x4c83, 0x25ff
    TEST_FP_OP2_H  25, fdiv.h, rup, FFLAG_OF|FFLAG_NX, 0xfbff, 0xcadf, 0x0401
    TEST_FP_OP2_H  26, fdiv.h, rmm, FFLAG_NX, 0x10c0, 0xafff, 0xdabc
    TEST_FP_OP2_H  27, fdiv.h, rne, 0, 0x3187, 0x0587, 0x1000
    TEST_FP_OP2_H  28, fdiv.h, rtz, FFLAG_NX, 0x0758, 0x230e, 0x57af
    TEST_FP_OP2_H  29, fdiv.h, rdn, 0, 0x0000, 0x148f, 0x7c00
    TEST_FP_OP2_H  30, fdiv.h, rup, FFLAG_NX, 0x57c0, 0x53c1, 0x3801
    TEST_FP_OP2_H  31, fdiv.h, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0x77ff, 0x30c1
    TEST_FP_OP2_H  32, fdiv.h, rne, 0, 0x0003, 0x9200, 0xec00
    TEST_FP_OP2_H  33, fdiv.h, rtz, FFLAG_DZ, 0xfc00, 0x0200, 0x8000
    TEST_FP_OP2_H  34, fdiv.h, rdn, FFLAG_NX, 0x9d43, 0x3bff, 0xda15
    TEST_FP_OP2_H  35, fdiv.h, rup, FFLAG_NV, 0x7e00, 0xfbff, 0x7c01
    TEST_FP_OP2_H  36, fdiv.h, rmm, FFLAG_NX, 0x4cf3, 0x53c5, 0x4248
    TEST_FP_OP2_H  37, fdiv.h, rne, FFLAG_NX, 0x420d, 0x520f, 0x4c01
    TEST_FP_OP2_H  38, fdiv.h, rtz, FFLAG_NX, 0xd4b6, 0x6fea, 0xd6b8
    TEST_FP_OP2_H  39, fdiv.h, rdn, FFLAG_OF|FFLAG_NX, 0x7bff, 0x57d0, 0x061d
    TEST_FP_OP2_H  40, fdiv.h, rup, 0, 0x7e00, 0x98fd, 0x7e00
    TEST_FP_OP2_H  41, fdiv.h, rmm, FFLAG_NX, 0xd151, 0xe716, 0x5155
    TEST_FP_OP2_H  42, fdiv.h, rne, FFLAG_NV, 0x7e00, 0x7c01, 0x3f2d
    TEST_FP_OP2_H  43, fdiv.h, rtz, FFLAG_NX, 0x1028, 0x1688, 0x4248
    TEST_FP_OP2_H  44, fdiv.h, rdn, FFLAG_NX, 0x4946, 0x2e66, 0x20da
    TEST_FP_OP2_H  45, fdiv.h, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0xbc00, 0x8001
    TEST_FP_OP2_H  46, fdiv.h, rmm, FFLAG_NX, 0xbf8f, 0xb90a, 0x3555
    TEST_FP_OP2_H  47, fdiv.h, rne, 0, 0x7e00, 0xfe01, 0x57a7
    TEST_FP_OP2_H  48, fdiv.h, rtz, FFLAG_OF|FFLAG_NX, 0x7bff, 0xf82e, 0x9583
    TEST_FP_OP2_H  49, fdiv.h, rdn, FFLAG_NX, 0xa4b8, 0x57d8, 0xeea7
    TEST_FP_OP2_H  50, fdiv.h, rup, FFLAG_NX, 0x0784, 0x3fff, 0x7442
    TEST_FP_OP2_H  51, fdiv.h, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0x7bff, 0x24cc
    TEST_FP_OP2_H  52, fdiv.h, rne, FFLAG_UF|FFLAG_NX, 0x81e6, 0x0799, 0xc3ff
    TEST_FP_OP2_H  53, fdiv.h, rtz, FFLAG_NX, 0x4bb1, 0x57d0, 0x4810
    TEST_FP_OP2_H  54, fdiv.h, rdn, FFLAG_NX, 0xdc36, 0xde00, 0x3db4
    TEST_FP_OP2_H  55, fdiv.h, rup, 0, 0x6512, 0x3b9b, 0x1200
    TEST_FP_OP2_H  56, fdiv.h, rmm, FFLAG_NX, 0x479b, 0x217e, 0x15c7
    TEST_FP_OP2_H  57, fdiv.h, rne, FFLAG_NX, 0x220c, 0x4400, 0x5d4b
    TEST_FP_OP2_H  58, fdiv.h, rtz, FFLAG_NX, 0xf9b0, 0xf200, 0x3438
    TEST_FP_OP2_H  59, fdiv.h, rdn, FFLAG_DZ, 0xfc00, 0x328d, 0x8000
    TEST_FP_OP2_H  60, fdiv.h, rup, 0, 0x7c00, 0xfc00, 0xc930
    TEST_FP_OP2_H  61, fdiv.h, rmm, FFLAG_NX, 0xcfe5, 0x2e0f, 0x9a24
    TEST_FP_OP2_H  62, fdiv.h, rne, 0, 0x8000, 0x0000, 0xcd95
    TEST_FP_OP2_H  63, fdiv.h, rtz, FFLAG_NX, 0x518f, 0xfbff, 0xe5c1
    TEST_FP_OP2_H  64, fdiv.h, rdn, 0, 0x5a98, 0xda98, 0xbc00
    TEST_FP_OP2_H  65, fdiv.h, rup, FFLAG_NX, 0x6cc7, 0x4248, 0x1143
    TEST_FP_OP2_H  66, fdiv.h, rmm, FFLAG_NX, 0x9f46, 0x0200, 0x9c66
    TEST_FP_OP2_H  67, fdiv.h, rne, FFLAG_NX, 0x71b0, 0x515b, 0x1b89
    TEST_FP_OP2_H  68, fdiv.h, rtz, FFLAG_UF|FFLAG_NX, 0x8000, 0x8cdf, 0x7bff
    TEST_FP_OP2_H  69, fdiv.h, rdn, FFLAG_NV, 0x7e00, 0x7c01, 0x91ba
    TEST_FP_OP2_H  70, fdiv.h, rup, FFLAG_NX, 0x3175, 0x9400, 0x9dde
    TEST_FP_OP2_H  71, fdiv.h, rmm, FFLAG_NX, 0x4512, 0x9913, 0x9001
    TEST_FP_OP2_H  72, fdiv.h, rne, 0, 0x7e00, 0x7e00, 0xbec5
    TEST_FP_OP2_H  73, fdiv.h, rtz, 0, 0x7e00, 0x7e00, 0xfbff
    TEST_FP_OP2_H  74, fdiv.h, rdn, FFLAG_UF|FFLAG_NX, 0x00df, 0x1952, 0x5a17
    TEST_FP_OP2_H  75, fdiv.h, rup, FFLAG_NX, 0x6114, 0x44ab, 0x1f5c
    TEST_FP_OP2_H  76, fdiv.h, rmm, 0, 0xe000, 0x0200, 0x8001
    TEST_FP_OP2_H  77, fdiv.h, rne, FFLAG_NX, 0x8954, 0x8001, 0x0e01
    TEST_FP_OP2_H  78, fdiv.h, rtz, FFLAG_NX, 0x1078, 0x0393, 0x2e66
    TEST_FP_OP2_H  79, fdiv.h, rdn, FFLAG_NX, 0x18c9, 0x3555, 0x5875
    TEST_FP_OP2_H  80, fdiv.h, rup, FFLAG_NX, 0x9c88, 0x57d0, 0xf6e4
    TEST_FP_OP2_H  81, fdiv.h, rmm, 0, 0x5801, 0x3c01, 0x2000
    TEST_FP_OP2_H  82, fdiv.h, rne, FFLAG_OF|FFLAG_NX, 0x7c00, 0x76cf, 0x0200
    TEST_FP_OP2_H  83, fdiv.h, rtz, FFLAG_OF|FFLAG_NX, 0x7bff, 0x616a, 0x1401
    TEST_FP_OP2_H  84, fdiv.h, rdn, FFLAG_OF|FFLAG_NX, 0x7bff, 0x5f48, 0x0cde
    TEST_FP_OP2_H  85, fdiv.h, rup, 0, 0x5efb, 0xc2fb, 0xa000
    TEST_FP_OP2_H  86, fdiv.h, rmm, 0, 0xd321, 0x9721, 0x0200
    TEST_FP_OP2_H  87, fdiv.h, rne, FFLAG_UF|FFLAG_NX, 0x8000, 0x0001, 0xc7ff
    TEST_FP_OP2_H  88, fdiv.h, rtz, FFLAG_NX, 0xf871, 0xbc00, 0x01cd
    TEST_FP_OP2_H  89, fdiv.h, rdn, FFLAG_NX, 0x3849, 0x57d0, 0x5b4a
    TEST_FP_OP2_H  90, fdiv.h, rup, FFLAG_NX, 0x626e, 0x3c01, 0x14fc
    TEST_FP_OP2_H  91, fdiv.h, rmm, FFLAG_NX, 0x979e, 0x8630, 0x2a80
    TEST_FP_OP2_H  92, fdiv.h, rne, FFLAG_UF|FFLAG_NX, 0x03ff, 0x03ff, 0x3bff
    TEST_FP_OP2_H  93, fdiv.h, rtz, FFLAG_NV, 0x7e00, 0x1f66, 0x7c01
    TEST_FP_OP2_H  94, fdiv.h, rdn, 0, 0xc218, 0x4218, 0xbc00
    TEST_FP_OP2_H  95, fdiv.h, rup, 0, 0xbe5e, 0xbe5e, 0x3c00
    TEST_FP_OP2_H  96, fdiv.h, rmm, FFLAG_NV, 0x7e00, 0x7c01, 0x4000
    TEST_FP_OP2_H  97, fdiv.h, rne, FFLAG_UF|FFLAG_NX, 0x812e, 0x8866, 0x4773
    TEST_FP_OP2_H  98, fdiv.h, rtz, FFLAG_UF|FFLAG_NX, 0x03ec, 0x9ba4, 0xd3ca
    TEST_FP_OP2_H  99, fdiv.h, rdn, FFLAG_NX, 0x12e7, 0x34ad, 0x5d6b
    TEST_FP_OP2_H 100, fdiv.h, rup, FFLAG_OF|FFLAG_NX, 0xfbff, 0x37ff, 0x8001
    TEST_FP_OP2_H 101, fdiv.h, rmm, FFLAG_NX, 0x6602, 0x6601, 0x3bff
    TEST_FP_OP2_H 102, fdiv.h, rne, 0, 0x7e00, 0x7e00, 0x493f
    TEST_FP_OP2_H 103, fdiv.h, rtz, FFLAG_NX, 0xc874, 0x98ba, 0x0c3e
    TEST_FP_OP2_H 104, fdiv.h, rdn, 0, 0x7c00, 0x7c00, 0x60ea
    TEST_FP_OP2_H 105, fdiv.h, rup, 0, 0x8000, 0x17ec, 0xfc00
    TEST_FP_OP2_H 106, fdiv.h, rmm, FFLAG_NX, 0x20b5, 0x37ff, 0x52cb
    TEST_FP_OP2_H 107, fdiv.h, rne, FFLAG_OF|FFLAG_NX, 0x7c00, 0x6400, 0x0bb1
    TEST_FP_OP2_H 108, fdiv.h, rtz, FFLAG_UF|FFLAG_NX, 0x0200, 0x0200, 0x3bff
    TEST_FP_OP2_H 109, fdiv.h, rdn, 0, 0x0000, 0x2acd, 0x7c00
    TEST_FP_OP2_H 110, fdiv.h, rup, FFLAG_DZ, 0xfc00, 0x6499, 0x8000
    TEST_FP_OP2_H 111, fdiv.h, rmm, 0, 0x7e00, 0x2e66, 0x7e00
    TEST_FP_OP2_H 112, fdiv.h, rne, FFLAG_NX, 0xb5c2, 0x8ed1, 0x14bc
    TEST_FP_OP2_H 113, fdiv.h, rtz, FFLAG_NX, 0x34b4, 0xddff, 0xe519
    TEST_FP_OP2_H 114, fdiv.h, rdn, 0, 0x8000, 0x03ff, 0xfc00
    TEST_FP_OP2_H 115, fdiv.h, rup, FFLAG_NX, 0x05f2, 0xc57f, 0xfb66
    TEST_FP_OP2_H 116, fdiv.h, rmm, FFLAG_NX, 0xd908, 0x33ff, 0x965b
    TEST_FP_OP2_H 117, fdiv.h, rne, FFLAG_NX, 0x32e0, 0xed27, 0xf5ff
    TEST_FP_OP2_H 118, fdiv.h, rtz, FFLAG_NX, 0xd003, 0x537b, 0xbf75
    TEST_FP_OP2_H 119, fdiv.h, rdn, FFLAG_NV, 0x7e00, 0x7c01, 0xf8df
    TEST_FP_OP2_H 120, fdiv.h, rup, FFLAG_NX, 0x2493, 0x32db, 0x49ff
    TEST_FP_OP2_H 121, fdiv.h, rmm, 0, 0x0c01, 0x8401, 0xb400
    TEST_FP_OP2_H 122, fdiv.h, rne, FFLAG_NX, 0x6b38, 0xe212, 0xb2ba
    TEST_FP_OP2_H 123, fdiv.h, rtz, FFLAG_NX, 0x1de5, 0x4248, 0x6043
    TEST_FP_OP2_H 124, fdiv.h, rdn, FFLAG_UF|FFLAG_NX, 0x0146, 0x0400, 0x4248
    TEST_FP_OP2_H 125, fdiv.h, rup, FFLAG_NX, 0xdd04, 0x5bff, 0xba60
    TEST_FP_OP2_H 126, fdiv.h, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0xe186, 0x9a89
    TEST_FP_OP2_H 127, fdiv.h, rne, FFLAG_UF|FFLAG_NX, 0x0307, 0x81ff, 0xb947
    TEST_FP_OP2_H 128, fdiv.h, rtz, 0, 0x0000, 0x8000, 0xaea5
    TEST_FP_OP2_H 129, fdiv.h, rdn, FFLAG_NX, 0x9f79, 0xbb4c, 0x57d0
    TEST_FP_OP2_H 130, fdiv.h, rup, FFLAG_NX, 0xea34, 0xf33f, 0x44ac
    TEST_FP_OP2_H 131, fdiv.h, rmm, FFLAG_OF|FFLAG_NX, 0x7c00, 0x4000, 0x0200
    TEST_FP_OP2_H 132, fdiv.h, rne, FFLAG_NX, 0xeba3, 0xf1ff, 0x4248
    TEST_FP_OP2_H 133, fdiv.h, rtz, FFLAG_NX, 0xccb2, 0x71a6, 0xe0cf
    TEST_FP_OP2_H 134, fdiv.h, rdn, 0, 0x8000, 0x0000, 0xbc00
    TEST_FP_OP2_H 135, fdiv.h, rup, FFLAG_OF|FFLAG_NX, 0xfbff, 0x5336, 0x8863
    TEST_FP_OP2_H 136, fdiv.h, rmm, FFLAG_NX, 0x67a7, 0x5620, 0x2a67
    TEST_FP_OP2_H 137, fdiv.h, rne, 0, 0x3152, 0x6d52, 0x7800
    TEST_FP_OP2_H 138, fdiv.h, rtz, FFLAG_NX, 0x06fa, 0xad4f, 0xe216
    TEST_FP_OP2_H 139, fdiv.h, rdn, FFLAG_NX, 0xbfff, 0x25ff, 0xa200
    TEST_FP_OP2_H 140, fdiv.h, rup, FFLAG_UF|FFLAG_NX, 0x8000, 0x0ff2, 0xf600
    TEST_FP_OP2_H 141, fdiv.h, rmm, FFLAG_UF|FFLAG_NX, 0x8015, 0x9ab8, 0x691d
    TEST_FP_OP2_H 142, fdiv.h, rne, FFLAG_NX, 0x4a00, 0x95ff, 0x87ff
    TEST_FP_OP2_H 143, fdiv.h, rtz, FFLAG_NX, 0xc037, 0x2bff, 0xa796
    TEST_FP_OP2_H 144, fdiv.h, rdn, FFLAG_NX, 0x75bc, 0x64a6, 0x2a7c
    TEST_FP_OP2_H 145, fdiv.h, rup, FFLAG_OF|FFLAG_NX, 0x7c00, 0x6ed2, 0x1200
    TEST_FP_OP2_H 146, fdiv.h, rmm, FFLAG_NX, 0x5576, 0x3c18, 0x21ff
    TEST_FP_OP2_H 147, fdiv.h, rne, FFLAG_NX, 0x18e0, 0x0400, 0x2690
    TEST_FP_OP2_H 148, fdiv.h, rtz, FFLAG_NX, 0x4308, 0xb0d6, 0xa980
    TEST_FP_OP2_H 149, fdiv.h, rdn, 0, 0x8000, 0x8000, 0x4df8
    TEST_FP_OP2_H 150, fdiv.h, rup, FFLAG_NX, 0x4663, 0x3e00, 0x3384
    TEST_FP_OP2_H 151, fdiv.h, rmm, 0, 0x7e00, 0xfe01, 0x8001
    TEST_FP_OP2_H 152, fdiv.h, rne, 0, 0x0000, 0x0000, 0x7bff
    TEST_FP_OP2_H 153, fdiv.h, rtz, FFLAG_UF|FFLAG_NX, 0x03b4, 0xc0e0, 0xf944
    TEST_FP_OP2_H 154, fdiv.h, rdn, FFLAG_UF|FFLAG_NX, 0x0001, 0x07f9, 0x6400
    TEST_FP_OP2_H 155, fdiv.h, rup, FFLAG_NX, 0x5cc7, 0xbf28, 0x9dff
    TEST_FP_OP2_H 156, fdiv.h, rmm, FFLAG_NX, 0xe686, 0x6001, 0xb4e9
    TEST_FP_OP2_H 157, fdiv.h, rne, FFLAG_NX, 0xab4b, 0x03ff, 0x9462
    TEST_FP_OP2_H 158, fdiv.h, rtz, 0, 0xe24d, 0xa64d, 0x0200
    TEST_FP_OP2_H 159, fdiv.h, rdn, FFLAG_NX, 0xad84, 0x47fc, 0xd5cb
    TEST_FP_OP2_H 160, fdiv.h, rup, FFLAG_NX, 0xb099, 0x7099, 0xfbff
    TEST_FP_OP2_H 161, fdiv.h, rmm, FFLAG_DZ, 0x7c00, 0xafff, 0x8000
    TEST_FP_OP1_H 162, fsqrt.h, rne, FFLAG_NX, 0x3da8, 0x4000
    TEST_FP_OP1_H 163, fsqrt.h, rtz, 0, 0x3c00, 0x3c00
    TEST_FP_OP1_H 164, fsqrt.h, rdn, 0, 0x0000, 0x0000
    TEST_FP_OP1_H 165, fsqrt.h, rup, 0, 0x8000, 0x8000
    TEST_FP_OP1_H 166, fsqrt.h, rmm, 0, 0x7c00, 0x7c00
    TEST_FP_OP1_H 167, fsqrt.h, rne, FFLAG_NV, 0x7e00, 0xfc00
    TEST_FP_OP1_H 168, fsqrt.h, rtz, FFLAG_NV, 0x7e00, 0xbc00
    TEST_FP_OP1_H 169, fsqrt.h, rdn, FFLAG_NV, 0x7e00, 0x7c01
    TEST_FP_OP1_H 170, fsqrt.h, rup, 0, 0x7e00, 0x7e00
    TEST_FP_OP1_H 171, fsqrt.h, rmm, 0, 0x0c00, 0x0001
    TEST_FP_OP1_H 172, fsqrt.h, rne, FFLAG_NX, 0x1fff, 0x03ff
    TEST_FP_OP1_H 173, fsqrt.h, rtz, 0, 0x2000, 0x0400
    TEST_FP_OP1_H 174, fsqrt.h, rdn, FFLAG_NX, 0x5bff, 0x7bff
    TEST_FP_OP1_H 175, fsqrt.h, rup, 0, 0x4000, 0x4400
    TEST_FP_OP1_H 176, fsqrt.h, rmm, FFLAG_NX, 0x39a8, 0x3800
    TEST_FP_OP1_H 177, fsqrt.h, rne, FFLAG_NX, 0x3f17, 0x4248
    TEST_FP_OP1_H 178, fsqrt.h, rtz, FFLAG_NX, 0x389e, 0x3555
    TEST_FP_OP1_H 179, fsqrt.h, rdn, FFLAG_NX, 0x0da8, 0x0002
    TEST_FP_OP1_H 180, fsqrt.h, rup, 0, 0x1000, 0x0004
    TEST_FP_OP1_H 181, fsqrt.h, rmm, FFLAG_NX, 0x3bff, 0x3bff
    TEST_FP_OP1_H 182, fsqrt.h, rne, FFLAG_NX, 0x356e, 0x2f5e
    TEST_FP_OP1_H 183, fsqrt.h, rtz, FFLAG_NX, 0x3da8, 0x4000
    TEST_FP_OP1_H 184, fsqrt.h, rdn, FFLAG_NX, 0x2485, 0x0d1c
    TEST_FP_OP1_H 185, fsqrt.h, rup, FFLAG_NV, 0x7e00, 0xe0f1
    TEST_FP_OP1_H 186, fsqrt.h, rmm, FFLAG_NX, 0x296c, 0x175a
    TEST_FP_OP1_H 187, fsqrt.h, rne, FFLAG_NX, 0x3da8, 0x4000
    TEST_FP_OP1_H 188, fsqrt.h, rtz, 0, 0x0c00, 0x0001
    TEST_FP_OP1_H 189, fsqrt.h, rdn, FFLAG_NV, 0x7e00, 0xfbcb
    TEST_FP_OP1_H 190, fsqrt.h, rup, FFLAG_NV, 0x7e00, 0xabf7
    TEST_FP_OP1_H 191, fsqrt.h, rmm, FFLAG_NV, 0x7e00, 0xe1e0
    TEST_FP_OP1_H 192, fsqrt.h, rne, FFLAG_NV, 0x7e00, 0xa3bb
    TEST_FP_OP1_H 193, fsqrt.h, rtz, FFLAG_NV, 0x7e00, 0xac01
    TEST_FP_OP1_H 194, fsqrt.h, rdn, FFLAG_NX, 0x4997, 0x57d0
    TEST_FP_OP1_H 195, fsqrt.h, rup, FFLAG_NV, 0x7e00, 0xd30a
    TEST_FP_OP1_H 196, fsqrt.h, rmm, FFLAG_NX, 0x350f, 0x2e66
    TEST_FP_OP1_H 197, fsqrt.h, rne, FFLAG_NV, 0x7e00, 0xbc1a
    TEST_FP_OP1_H 198, fsqrt.h, rtz, FFLAG_NX, 0x2b2d, 0x1a70
    TEST_FP_OP1_H 199, fsqrt.h, rdn, FFLAG_NV, 0x7e00, 0xede9
    TEST_FP_OP1_H 200, fsqrt.h, rup, FFLAG_NX, 0x34b3, 0x2d83
    TEST_FP_OP1_H 201, fsqrt.h, rmm, FFLAG_NV, 0x7e00, 0xd1c7
    TEST_FP_OP1_H 202, fsqrt.h, rne, 0, 0x2000, 0x0400
    TEST_FP_OP1_H 203, fsqrt.h, rtz, FFLAG_NV, 0x7e00, 0xd263
    TEST_FP_OP1_H 204, fsqrt.h, rdn, 0, 0x7c00, 0x7c00
    TEST_FP_OP1_H 205, fsqrt.h, rup, FFLAG_NX, 0x4c00, 0x5bff
    TEST_FP_OP1_H 206, fsqrt.h, rmm, FFLAG_NX, 0x3f17, 0x4248
    TEST_FP_OP1_H 207, fsqrt.h, rne, FFLAG_NV, 0x7e00, 0xe5c0
    TEST_FP_OP1_H 208, fsqrt.h, rtz, FFLAG_NV, 0x7e00, 0xba00
    TEST_FP_OP1_H 209, fsqrt.h, rdn, FFLAG_NX, 0x4400, 0x4c01
    TEST_FP_OP1_H 210, fsqrt.h, rup, FFLAG_NV, 0x7e00, 0x91bb
    TEST_FP_OP1_H 211, fsqrt.h, rmm, FFLAG_NV, 0x7e00, 0xe200
    TEST_FP_OP1_H 212, fsqrt.h, rne, FFLAG_NV, 0x7e00, 0xb8d2
    TEST_FP_OP1_H 213, fsqrt.h, rtz, FFLAG_NV, 0x7e00, 0xcbff
    TEST_FP_OP1_H 214, fsqrt.h, rdn, 0, 0x0c00, 0x0001
    TEST_FP_OP1_H 215, fsqrt.h, rup, FFLAG_NX, 0x4735, 0x527e
    TEST_FP_OP1_H 216, fsqrt.h, rmm, FFLAG_NV, 0x7e00, 0xcefe
    TEST_FP_OP1_H 217, fsqrt.h, rne, FFLAG_NV, 0x7e00, 0xfbff
    TEST_FP_OP1_H 218, fsqrt.h, rtz, FFLAG_NX, 0x53e6, 0x6bcd
    TEST_FP_OP1_H 219, fsqrt.h, rdn, FFLAG_NV, 0x7e00, 0xdde8
    TEST_FP_OP1_H 220, fsqrt.h, rup, FFLAG_NX, 0x48ce, 0x55c5
    TEST_FP_OP1_H 221, fsqrt.h, rmm, FFLAG_NV, 0x7e00, 0xefb6
    TEST_FP_OP1_H 222, fsqrt.h, rne, FFLAG_NX, 0x25a8, 0x1000
    TEST_FP_OP1_H 223, fsqrt.h, rtz, FFLAG_NV, 0x7e00, 0xc7ff
    TEST_FP_OP1_H 224, fsqrt.h, rdn, FFLAG_NX, 0x5bff, 0x7bff
    TEST_FP_OP1_H 225, fsqrt.h, rup, FFLAG_NX, 0x4c00, 0x5bff
    TEST_FP_OP1_H 226, fsqrt.h, rmm, FFLAG_NV, 0x7e00, 0xc874
    TEST_FP_OP1_H 227, fsqrt.h, rne, 0, 0x0c00, 0x0001
    TEST_FP_OP1_H 228, fsqrt.h, rtz, 0, 0x7e00, 0x7e00
    TEST_FP_OP1_H 229, fsqrt.h, rdn, FFLAG_NX, 0x49d1, 0x583b
    TEST_FP_OP1_H 230, fsqrt.h, rup, FFLAG_NX, 0x3186, 0x279f
    TEST_FP_OP1_H 231, fsqrt.h, rmm, FFLAG_NV, 0x7e00, 0xafe6
RVJ_TEST_END
