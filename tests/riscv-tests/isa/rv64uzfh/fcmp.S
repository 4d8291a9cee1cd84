/* feq.h (quiet), flt.h and fle.h (signalling), fmin.h and fmax.h (-0 < +0, NaN operands, sNaN NV),
   fclass.h and sign injection (which never raises flags and keeps NaN payloads).
   Expected values come from exact rational arithmetic rounded once to half (11 bits, emin -14),
   tininess after rounding; checked against qemu-system-riscv64 7.2 (-cpu rv64,Zfh=true). */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_CMP_H   2, feq.h, 0, 1, 0x3c00, 0x3c00
    TEST_FP_CMP_H   3, flt.h, 0, 0, 0x3c00, 0x3c00
    TEST_FP_CMP_H   4, fle.h, 0, 1, 0x3c00, 0x3c00
    TEST_FP_CMP_H   5, feq.h, 0, 1, 0x0000, 0x8000
    TEST_FP_CMP_H   6, flt.h, 0, 0, 0x0000, 0x8000
    TEST_FP_CMP_H   7, fle.h, 0, 1, 0x0000, 0x8000
    TEST_FP_CMP_H   8, feq.h, 0, 1, 0x8000, 0x0000
    TEST_FP_CMP_H   9, flt.h, 0, 0, 0x8000, 0x0000
    TEST_FP_CMP_H  10, fle.h, 0, 1, 0x8000, 0x0000
    TEST_FP_CMP_H  11, feq.h, 0, 0, 0x3c00, 0x3c01
    TEST_FP_CMP_H  12, flt.h, 0, 1, 0x3c00, 0x3c01
    TEST_FP_CMP_H  13, fle.h, 0, 1, 0x3c00, 0x3c01
    TEST_FP_CMP_H  14, feq.h, 0, 0, 0x3c01, 0x3c00
    TEST_FP_CMP_H  15, flt.h, 0, 0, 0x3c01, 0x3c00
    TEST_FP_CMP_H  16, fle.h, 0, 0, 0x3c01, 0x3c00
    TEST_FP_CMP_H  17, feq.h, 0, 0, 0x7e00, 0x3c00
    TEST_FP_CMP_H  18, flt.h, FFLAG_NV, 0, 0x7e00, 0x3c00
    TEST_FP_CMP_H  19, fle.h, FFLAG_NV, 0, 0x7e00, 0x3c00
    TEST_FP_CMP_H  20, feq.h, FFLAG_NV, 0, 0x3c00, 0x7c01
    TEST_FP_CMP_H  21, flt.h, FFLAG_NV, 0, 0x3c00, 0x7c01
    TEST_FP_CMP_H  22, fle.h, FFLAG_NV, 0, 0x3c00, 0x7c01
    TEST_FP_CMP_H  23, feq.h, FFLAG_NV, 0, 0x7c01, 0x7c01
    TEST_FP_CMP_H  24, flt.h, FFLAG_NV, 0, 0x7c01, 0x7c01
    TEST_FP_CMP_H  25, fle.h, FFLAG_NV, 0, 0x7c01, 0x7c01
    TEST_FP_CMP_H  26, feq.h, 0, 0, 0xfc00, 0x7c00
    TEST_FP_CMP_H  27, flt.h, 0, 1, 0xfc00, 0x7c00
    TEST_FP_CMP_H  28, fle.h, 0, 1, 0xfc00, 0x7c00
    TEST_FP_CMP_H  29, feq.h, 0, 0, 0x0001, 0x8001
    TEST_FP_CMP_H  30, flt.h, 0, 0, 0x0001, 0x8001
    TEST_FP_CMP_H  31, fle.h, 0, 0, 0x0001, 0x8001
    TEST_FP_CMP_H  32, feq.h, 0, 0, 0x7e00, 0x7e00
    TEST_FP_CMP_H  33, flt.h, FFLAG_NV, 0, 0x7e00, 0x7e00
    TEST_FP_CMP_H  34, fle.h, FFLAG_NV, 0, 0x7e00, 0x7e00
    TEST_FP_CMP_H  35, feq.h, 0, 0, 0xbc00, 0xc000
    TEST_FP_CMP_H  36, flt.h, 0, 0, 0xbc00, 0xc000
    TEST_FP_CMP_H  37, fle.h, 0, 0, 0xbc00, 0xc000
    TEST_FP_CMP_H  38, feq.h, 0, 0, 0x7bff, 0x7c00
    TEST_FP_CMP_H  39, flt.h, 0, 1, 0x7bff, 0x7c00
    TEST_FP_CMP_H  40, fle.h, 0, 1, 0x7bff, 0x7c00
    TEST_FP_CMP_H  41, feq.h, 0, 0, 0x0001, 0x0000
    TEST_FP_CMP_H  42, flt.h, 0, 0, 0x0001, 0x0000
    TEST_FP_CMP_H  43, fle.h, 0, 0, 0x0001, 0x0000
    TEST_FP_OP2NR_H  44, fmin.h, 0, 0x3c00, 0x3c00, 0x3c00
    TEST_FP_OP2NR_H  45, fmax.h, 0, 0x3c00, 0x3c00, 0x3c00
    TEST_FP_OP2NR_H  46, fmin.h, 0, 0x8000, 0x0000, 0x8000
    TEST_FP_OP2NR_H  47, fmax.h, 0, 0x0000, 0x0000, 0x8000
    TEST_FP_OP2NR_H  48, fmin.h, 0, 0x8000, 0x8000, 0x0000
    TEST_FP_OP2NR_H  49, fmax.h, 0, 0x0000, 0x8000, 0x0000
    TEST_FP_OP2NR_H  50, fmin.h, 0, 0x3c00, 0x3c00, 0x3c01
    TEST_FP_OP2NR_H  51, fmax.h, 0, 0x3c01, 0x3c00, 0x3c01
    TEST_FP_OP2NR_H  52, fmin.h, 0, 0x3c00, 0x3c01, 0x3c00
    TEST_FP_OP2NR_H  53, fmax.h, 0, 0x3c01, 0x3c01, 0x3c00
    TEST_FP_OP2NR_H  54, fmin.h, 0, 0x3c00, 0x7e00, 0x3c00
    TEST_FP_OP2NR_H  55, fmax.h, 0, 0x3c00, 0x7e00, 0x3c00
    TEST_FP_OP2NR_H  56, fmin.h, FFLAG_NV, 0x3c00, 0x3c00, 0x7c01
    TEST_FP_OP2NR_H  57, fmax.h, FFLAG_NV, 0x3c00, 0x3c00, 0x7c01
    TEST_FP_OP2NR_H  58, fmin.h, FFLAG_NV, 0x7e00, 0x7c01, 0x7c01
    TEST_FP_OP2NR_H  59, fmax.h, FFLAG_NV, 0x7e00, 0x7c01, 0x7c01
    TEST_FP_OP2NR_H  60, fmin.h, 0, 0xfc00, 0xfc00, 0x7c00
    TEST_FP_OP2NR_H  61, fmax.h, 0, 0x7c00, 0xfc00, 0x7c00
    TEST_FP_OP2NR_H  62, fmin.h, 0, 0x8001, 0x0001, 0x8001
    TEST_FP_OP2NR_H  63, fmax.h, 0, 0x0001, 0x0001, 0x8001
    TEST_FP_OP2NR_H  64, fmin.h, 0, 0x7e00, 0x7e00, 0x7e00
    TEST_FP_OP2NR_H  65, fmax.h, 0, 0x7e00, 0x7e00, 0x7e00
    TEST_FP_OP2NR_H  66, fmin.h, 0, 0xc000, 0xbc00, 0xc000
    TEST_FP_OP2NR_H  67, fmax.h, 0, 0xbc00, 0xbc00, 0xc000
    TEST_FP_OP2NR_H  68, fmin.h, 0, 0x7bff, 0x7bff, 0x7c00
    TEST_FP_OP2NR_H  69, fmax.h, 0, 0x7c00, 0x7bff, 0x7c00
    TEST_FP_OP2NR_H  70, fmin.h, 0, 0x0000, 0x0001, 0x0000
    TEST_FP_OP2NR_H  71, fmax.h, 0, 0x0001, 0x0001, 0x0000
    TEST_FCLASS_H  72, 0x1, 0xfc00
    TEST_FCLASS_H  73, 0x2, 0xbc00
    TEST_FCLASS_H  74, 0x4, 0x83ff
    TEST_FCLASS_H  75, 0x8, 0x8000
    TEST_FCLASS_H  76, 0x10, 0x0000
    TEST_FCLASS_H  77, 0x20, 0x0001
    TEST_FCLASS_H  78, 0x40, 0x3c00
    TEST_FCLASS_H  79, 0x80, 0x7c00
    TEST_FCLASS_H  80, 0x100, 0x7c01
    TEST_FCLASS_H  81, 0x200, 0x7e00
    TEST_FCLASS_H  82, 0x200, 0xfe00
    TEST_FCLASS_H  83, 0x100, 0xfd00
    TEST_FCLASS_H  84, 0x40, 0x0400
    TEST_FCLASS_H  85, 0x2, 0x8400
    TEST_FP_OP2NR_H  86, fsgnj.h, 0, 0xbc00, 0x3c00, 0x8000
    TEST_FP_OP2NR_H  87, fsgnjn.h, 0, 0x3c00, 0x3c00, 0x8000
    TEST_FP_OP2NR_H  88, fsgnjx.h, 0, 0xbc00, 0x3c00, 0x8000
    TEST_FP_OP2NR_H  89, fsgnj.h, 0, 0x3c00, 0xbc00, 0x0000
    TEST_FP_OP2NR_H  90, fsgnjn.h, 0, 0xbc00, 0xbc00, 0x0000
    TEST_FP_OP2NR_H  91, fsgnjx.h, 0, 0xbc00, 0xbc00, 0x0000
    TEST_FP_OP2NR_H  92, fsgnj.h, 0, 0xfe00, 0x7e00, 0xffff
    TEST_FP_OP2NR_H  93, fsgnjn.h, 0, 0x7e00, 0x7e00, 0xffff
    TEST_FP_OP2NR_H  94, fsgnjx.h, 0, 0xfe00, 0x7e00, 0xffff
    TEST_FP_OP2NR_H  95, fsgnj.h, 0, 0xfc01, 0x7c01, 0x8000
    TEST_FP_OP2NR_H  96, fsgnjn.h, 0, 0x7c01, 0x7c01, 0x8000
    TEST_FP_OP2NR_H  97, fsgnjx.h, 0, 0xfc01, 0x7c01, 0x8000
    TEST_FP_OP2NR_H  98, fsgnj.h, 0, 0x9234, 0x1234, 0x9234
    TEST_FP_OP2NR_H  99, fsgnjn.h, 0, 0x1234, 0x1234, 0x9234
    TEST_FP_OP2NR_H 100, fsgnjx.h, 0, 0x9234, 0x1234, 0x9234
RVJ_TEST_END
