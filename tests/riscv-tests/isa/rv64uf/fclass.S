/* fclass.s: exactly one of the ten class bits for every kind of value; no flags. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FCLASS_S 2, 0x1, 0xff800000                                                                     /* -inf: bit 0 */
    TEST_FCLASS_S 3, 0x2, 0xbf800000                                                                     /* negative normal: bit 1 */
    TEST_FCLASS_S 4, 0x4, 0x80000001                                                                     /* negative subnormal: bit 2 */
    TEST_FCLASS_S 5, 0x8, 0x80000000                                                                     /* -0: bit 3 */
    TEST_FCLASS_S 6, 0x10, 0x00000000                                                                    /* +0: bit 4 */
    TEST_FCLASS_S 7, 0x20, 0x007fffff                                                                    /* positive subnormal: bit 5 */
    TEST_FCLASS_S 8, 0x40, 0x3f800000                                                                    /* positive normal: bit 6 */
    TEST_FCLASS_S 9, 0x80, 0x7f800000                                                                    /* +inf: bit 7 */
    TEST_FCLASS_S 10, 0x100, 0x7f800001                                                                  /* signaling NaN: bit 8 */
    TEST_FCLASS_S 11, 0x200, 0x7fc00000                                                                  /* quiet NaN: bit 9 */
    TEST_FCLASS_S 12, 0x200, 0xffc00000                                                                  /* negative quiet NaN: still bit 9 */
    TEST_FCLASS_S 13, 0x100, 0xff800001                                                                  /* negative signaling NaN: bit 8 */
    TEST_FCLASS_S 14, 0x40, 0x7f7fffff                                                                   /* largest normal: bit 6 */
    TEST_FCLASS_S 15, 0x40, 0x00800000                                                                   /* smallest normal: bit 6 */
RVJ_TEST_END
