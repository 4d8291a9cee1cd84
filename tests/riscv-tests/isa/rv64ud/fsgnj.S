/* fsgnj.d / fsgnjn.d / fsgnjx.d: sign injection is a bit operation: the magnitude bits (even a NaN payload */
/* or a signaling NaN) are copied unchanged and no flags are raised. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2NR_D 2, fsgnj.d, 0, 0xbff0000000000000, 0x3ff0000000000000, 0xc000000000000000            /* positive magnitude, negative sign source */
    TEST_FP_OP2NR_D 3, fsgnj.d, 0, 0x3ff0000000000000, 0xbff0000000000000, 0x4000000000000000            /* negative magnitude, positive sign source */
    TEST_FP_OP2NR_D 4, fsgnj.d, 0, 0xbff0000000000000, 0xbff0000000000000, 0xc000000000000000            /* both negative */
    TEST_FP_OP2NR_D 5, fsgnj.d, 0, 0xfff8000000000123, 0x7ff8000000000123, 0x8000000000000000            /* NaN magnitude kept bit for bit (no canonicalization), no flag */
    TEST_FP_OP2NR_D 6, fsgnj.d, 0, 0x7ff0000000000001, 0x7ff0000000000001, 0x0000000000000000            /* signaling NaN passes through quietly: no NV */
    TEST_FP_OP2NR_D 7, fsgnj.d, 0, 0x7ff0000000000000, 0xfff0000000000000, 0x0000000000000000            /* infinity */

    TEST_FP_OP2NR_D 8, fsgnjn.d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0xc000000000000000           /* positive magnitude, negative sign source */
    TEST_FP_OP2NR_D 9, fsgnjn.d, 0, 0xbff0000000000000, 0xbff0000000000000, 0x4000000000000000           /* negative magnitude, positive sign source */
    TEST_FP_OP2NR_D 10, fsgnjn.d, 0, 0x3ff0000000000000, 0xbff0000000000000, 0xc000000000000000          /* both negative */
    TEST_FP_OP2NR_D 11, fsgnjn.d, 0, 0x7ff8000000000123, 0x7ff8000000000123, 0x8000000000000000          /* NaN magnitude kept bit for bit (no canonicalization), no flag */
    TEST_FP_OP2NR_D 12, fsgnjn.d, 0, 0xfff0000000000001, 0x7ff0000000000001, 0x0000000000000000          /* signaling NaN passes through quietly: no NV */
    TEST_FP_OP2NR_D 13, fsgnjn.d, 0, 0xfff0000000000000, 0xfff0000000000000, 0x0000000000000000          /* infinity */

    TEST_FP_OP2NR_D 14, fsgnjx.d, 0, 0xbff0000000000000, 0x3ff0000000000000, 0xc000000000000000          /* positive magnitude, negative sign source */
    TEST_FP_OP2NR_D 15, fsgnjx.d, 0, 0xbff0000000000000, 0xbff0000000000000, 0x4000000000000000          /* negative magnitude, positive sign source */
    TEST_FP_OP2NR_D 16, fsgnjx.d, 0, 0x3ff0000000000000, 0xbff0000000000000, 0xc000000000000000          /* both negative */
    TEST_FP_OP2NR_D 17, fsgnjx.d, 0, 0xfff8000000000123, 0x7ff8000000000123, 0x8000000000000000          /* NaN magnitude kept bit for bit (no canonicalization), no flag */
    TEST_FP_OP2NR_D 18, fsgnjx.d, 0, 0x7ff0000000000001, 0x7ff0000000000001, 0x0000000000000000          /* signaling NaN passes through quietly: no NV */
    TEST_FP_OP2NR_D 19, fsgnjx.d, 0, 0xfff0000000000000, 0xfff0000000000000, 0x0000000000000000          /* infinity */

RVJ_TEST_END
