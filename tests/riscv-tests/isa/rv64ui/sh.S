/* sh: store the low 2 byte(s) of rs2; neighbouring bytes must be untouched. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_STORE_MERGE 2, sh, 0x555555555555ffaa, 0xffffffffffffffaa, 0, sbuf, sbuf, 0x5555555555555555 /* offset 0: only bytes 0..1 change */
    TEST_STORE_MERGE 3, sh, 0x5555555500bb5555, 0x00000000000000bb, 2, sbuf, sbuf, 0x5555555555555555 /* offset 2: only bytes 2..3 change */
    TEST_STORE_MERGE 4, sh, 0x5555de0f55555555, 0x123456789abcde0f, 4, sbuf, sbuf, 0x5555555555555555 /* offset 4: only bytes 4..5 change */
    TEST_STORE_MERGE 5, sh, 0x32f1555555555555, 0xfedcba98765432f1, 6, sbuf, sbuf, 0x5555555555555555 /* offset 6: only bytes 6..7 change */
    TEST_STORE_MERGE 6, sh, 0x55555555555500bb, 0x00000000000000bb, -8, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -8 */
    TEST_STORE_MERGE 7, sh, 0x55555555de0f5555, 0x123456789abcde0f, -6, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -6 */
    TEST_STORE_MERGE 8, sh, 0x555532f155555555, 0xfedcba98765432f1, -4, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -4 */
    TEST_STORE_MERGE 9, sh, 0xffaa555555555555, 0xffffffffffffffaa, -2, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -2 */

    TEST_STORE 10, sh, lh, 0xffffffffffffffaa, 0xffffffffffffffaa, 16, sbuf                          /* read back sign-extends */
    TEST_STORE 11, sh, lh, 0x000000000000007f, 0x000000000000007f, 16, sbuf                          /* read back positive */
    TEST_STORE 12, sh, lh, 0xffffffffffff8080, 0x8000000080008080, 16, sbuf                          /* read back of top-bit patterns */

    /* case 13: the stored register is also the base register (stores the address itself) */
    CASE 13
    la a1, sbuf
    sh a1, 24(a1)
    la a2, sbuf
    lh a4, 24(a2)
    slli a2, a2, 48; srai a2, a2, 48
    ASSERT_EQ_REG a4, a2

    /* case 14: storing x0 writes zeros */
    CASE 14
    la a1, sbuf
    li a2, -1
    sd a2, 0(a1)
    sh x0, 0(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0xffffffffffff0000

    /* case 15: base near the immediate limits */
    CASE 15
    la a1, sbuf + 2048
    li a2, 0x0102030405060708
    sh a2, -2048(a1)
    la a1, sbuf - 2047
    lh a4, 2047(a1)
    ASSERT_EQ a4, 0x0000000000000708

    /* case 16: back-to-back stores, last one wins; earlier bytes of a wider store survive */
    CASE 16
    la a1, sbuf
    sd x0, 0(a1)
    li a2, 0x1111111111111111
    sh a2, 0(a1)
    li a2, 0x2222222222222222
    sh a2, 0(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x0000000000002222
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
sbuf: .dword 0, 0, 0, 0
RVJ_DATA_END
