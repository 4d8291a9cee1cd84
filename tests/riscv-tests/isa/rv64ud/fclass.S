/* fclass.d: exactly one of the ten class bits for every kind of value; no flags. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FCLASS_D 2, 0x1, 0xfff0000000000000                                                             /* -inf: bit 0 */
    TEST_FCLASS_D 3, 0x2, 0xbff0000000000000                                                             /* negative normal: bit 1 */
    TEST_FCLASS_D 4, 0x4, 0x8000000000000001                                                             /* negative subnormal: bit 2 */
    TEST_FCLASS_D 5, 0x8, 0x8000000000000000                                                             /* -0: bit 3 */
    TEST_FCLASS_D 6, 0x10, 0x0000000000000000                                                            /* +0: bit 4 */
    TEST_FCLASS_D 7, 0x20, 0x000fffffffffffff                                                            /* positive subnormal: bit 5 */
    TEST_FCLASS_D 8, 0x40, 0x3ff0000000000000                                                            /* positive normal: bit 6 */
    TEST_FCLASS_D 9, 0x80, 0x7ff0000000000000                                                            /* +inf: bit 7 */
    TEST_FCLASS_D 10, 0x100, 0x7ff0000000000001                                                          /* signaling NaN: bit 8 */
    TEST_FCLASS_D 11, 0x200, 0x7ff8000000000000                                                          /* quiet NaN: bit 9 */
    TEST_FCLASS_D 12, 0x200, 0xfff8000000000000                                                          /* negative quiet NaN: still bit 9 */
    TEST_FCLASS_D 13, 0x100, 0xfff0000000000001                                                          /* negative signaling NaN: bit 8 */
    TEST_FCLASS_D 14, 0x40, 0x7fefffffffffffff                                                           /* largest normal: bit 6 */
    TEST_FCLASS_D 15, 0x40, 0x0010000000000000                                                           /* smallest normal: bit 6 */
RVJ_TEST_END
