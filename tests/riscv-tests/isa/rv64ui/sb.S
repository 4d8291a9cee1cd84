/* sb: store the low 1 byte(s) of rs2; neighbouring bytes must be untouched. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_STORE_MERGE 2, sb, 0x55555555555555aa, 0xffffffffffffffaa, 0, sbuf, sbuf, 0x5555555555555555 /* offset 0: only bytes 0..0 change */
    TEST_STORE_MERGE 3, sb, 0x555555555555bb55, 0x00000000000000bb, 1, sbuf, sbuf, 0x5555555555555555 /* offset 1: only bytes 1..1 change */
    TEST_STORE_MERGE 4, sb, 0x55555555550f5555, 0x123456789abcde0f, 2, sbuf, sbuf, 0x5555555555555555 /* offset 2: only bytes 2..2 change */
    TEST_STORE_MERGE 5, sb, 0x55555555f1555555, 0xfedcba98765432f1, 3, sbuf, sbuf, 0x5555555555555555 /* offset 3: only bytes 3..3 change */
    TEST_STORE_MERGE 6, sb, 0x555555aa55555555, 0xffffffffffffffaa, 4, sbuf, sbuf, 0x5555555555555555 /* offset 4: only bytes 4..4 change */
    TEST_STORE_MERGE 7, sb, 0x5555bb5555555555, 0x00000000000000bb, 5, sbuf, sbuf, 0x5555555555555555 /* offset 5: only bytes 5..5 change */
    TEST_STORE_MERGE 8, sb, 0x550f555555555555, 0x123456789abcde0f, 6, sbuf, sbuf, 0x5555555555555555 /* offset 6: only bytes 6..6 change */
    TEST_STORE_MERGE 9, sb, 0xf155555555555555, 0xfedcba98765432f1, 7, sbuf, sbuf, 0x5555555555555555 /* offset 7: only bytes 7..7 change */
    TEST_STORE_MERGE 10, sb, 0x55555555555555bb, 0x00000000000000bb, -8, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -8 */
    TEST_STORE_MERGE 11, sb, 0x5555555555550f55, 0x123456789abcde0f, -7, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -7 */
    TEST_STORE_MERGE 12, sb, 0x5555555555f15555, 0xfedcba98765432f1, -6, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -6 */
    TEST_STORE_MERGE 13, sb, 0x55555555aa555555, 0xffffffffffffffaa, -5, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -5 */
    TEST_STORE_MERGE 14, sb, 0x555555bb55555555, 0x00000000000000bb, -4, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -4 */
    TEST_STORE_MERGE 15, sb, 0x55550f5555555555, 0x123456789abcde0f, -3, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -3 */
    TEST_STORE_MERGE 16, sb, 0x55f1555555555555, 0xfedcba98765432f1, -2, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -2 */
    TEST_STORE_MERGE 17, sb, 0xaa55555555555555, 0xffffffffffffffaa, -1, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -1 */

    TEST_STORE 18, sb, lb, 0xffffffffffffffaa, 0xffffffffffffffaa, 16, sbuf                          /* read back sign-extends */
    TEST_STORE 19, sb, lb, 0x000000000000007f, 0x000000000000007f, 16, sbuf                          /* read back positive */
    TEST_STORE 20, sb, lb, 0xffffffffffffff80, 0x8000000080008080, 16, sbuf                          /* read back of top-bit patterns */

    /* case 21: the stored register is also the base register (stores the address itself) */
    CASE 21
    la a1, sbuf
    sb a1, 24(a1)
    la a2, sbuf
    lb a4, 24(a2)
    slli a2, a2, 56; srai a2, a2, 56
    ASSERT_EQ_REG a4, a2

    /* case 22: storing x0 writes zeros */
    CASE 22
    la a1, sbuf
    li a2, -1
    sd a2, 0(a1)
    sb x0, 0(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0xffffffffffffff00

    /* case 23: base near the immediate limits */
    CASE 23
    la a1, sbuf + 2048
    li a2, 0x0102030405060708
    sb a2, -2048(a1)
    la a1, sbuf - 2047
    lb a4, 2047(a1)
    ASSERT_EQ a4, 0x0000000000000008

    /* case 24: back-to-back stores, last one wins; earlier bytes of a wider store survive */
    CASE 24
    la a1, sbuf
    sd x0, 0(a1)
    li a2, 0x1111111111111111
    sb a2, 0(a1)
    li a2, 0x2222222222222222
    sb a2, 0(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x0000000000000022
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
sbuf: .dword 0, 0, 0, 0
RVJ_DATA_END
