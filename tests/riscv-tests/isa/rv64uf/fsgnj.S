/* fsgnj.s / fsgnjn.s / fsgnjx.s: sign injection is a bit operation: the magnitude bits (even a NaN payload */
/* or a signaling NaN) are copied unchanged and no flags are raised. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2NR_S 2, fsgnj.s, 0, 0xbf800000, 0x3f800000, 0xc0000000                                    /* positive magnitude, negative sign source */
    TEST_FP_OP2NR_S 3, fsgnj.s, 0, 0x3f800000, 0xbf800000, 0x40000000                                    /* negative magnitude, positive sign source */
    TEST_FP_OP2NR_S 4, fsgnj.s, 0, 0xbf800000, 0xbf800000, 0xc0000000                                    /* both negative */
    TEST_FP_OP2NR_S 5, fsgnj.s, 0, 0xffc00123, 0x7fc00123, 0x80000000                                    /* NaN magnitude kept bit for bit (no canonicalization), no flag */
    TEST_FP_OP2NR_S 6, fsgnj.s, 0, 0x7f800001, 0x7f800001, 0x00000000                                    /* signaling NaN passes through quietly: no NV */
    TEST_FP_OP2NR_S 7, fsgnj.s, 0, 0x7f800000, 0xff800000, 0x00000000                                    /* infinity */

    TEST_FP_OP2NR_S 8, fsgnjn.s, 0, 0x3f800000, 0x3f800000, 0xc0000000                                   /* positive magnitude, negative sign source */
    TEST_FP_OP2NR_S 9, fsgnjn.s, 0, 0xbf800000, 0xbf800000, 0x40000000                                   /* negative magnitude, positive sign source */
    TEST_FP_OP2NR_S 10, fsgnjn.s, 0, 0x3f800000, 0xbf800000, 0xc0000000                                  /* both negative */
    TEST_FP_OP2NR_S 11, fsgnjn.s, 0, 0x7fc00123, 0x7fc00123, 0x80000000                                  /* NaN magnitude kept bit for bit (no canonicalization), no flag */
    TEST_FP_OP2NR_S 12, fsgnjn.s, 0, 0xff800001, 0x7f800001, 0x00000000                                  /* signaling NaN passes through quietly: no NV */
    TEST_FP_OP2NR_S 13, fsgnjn.s, 0, 0xff800000, 0xff800000, 0x00000000                                  /* infinity */

    TEST_FP_OP2NR_S 14, fsgnjx.s, 0, 0xbf800000, 0x3f800000, 0xc0000000                                  /* positive magnitude, negative sign source */
    TEST_FP_OP2NR_S 15, fsgnjx.s, 0, 0xbf800000, 0xbf800000, 0x40000000                                  /* negative magnitude, positive sign source */
    TEST_FP_OP2NR_S 16, fsgnjx.s, 0, 0x3f800000, 0xbf800000, 0xc0000000                                  /* both negative */
    TEST_FP_OP2NR_S 17, fsgnjx.s, 0, 0xffc00123, 0x7fc00123, 0x80000000                                  /* NaN magnitude kept bit for bit (no canonicalization), no flag */
    TEST_FP_OP2NR_S 18, fsgnjx.s, 0, 0x7f800001, 0x7f800001, 0x00000000                                  /* signaling NaN passes through quietly: no NV */
    TEST_FP_OP2NR_S 19, fsgnjx.s, 0, 0xff800000, 0xff800000, 0x00000000                                  /* infinity */

RVJ_TEST_END
