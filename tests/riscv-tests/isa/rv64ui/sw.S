/* sw: store the low 4 byte(s) of rs2; neighbouring bytes must be untouched. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_STORE_MERGE 2, sw, 0x55555555ffffffaa, 0xffffffffffffffaa, 0, sbuf, sbuf, 0x5555555555555555 /* offset 0: only bytes 0..3 change */
    TEST_STORE_MERGE 3, sw, 0x000000bb55555555, 0x00000000000000bb, 4, sbuf, sbuf, 0x5555555555555555 /* offset 4: only bytes 4..7 change */
    TEST_STORE_MERGE 4, sw, 0x55555555000000bb, 0x00000000000000bb, -8, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -8 */
    TEST_STORE_MERGE 5, sw, 0x9abcde0f55555555, 0x123456789abcde0f, -4, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -4 */

    TEST_STORE 6, sw, lw, 0xffffffffffffffaa, 0xffffffffffffffaa, 16, sbuf                           /* read back sign-extends */
    TEST_STORE 7, sw, lw, 0x000000000000007f, 0x000000000000007f, 16, sbuf                           /* read back positive */
    TEST_STORE 8, sw, lw, 0xffffffff80008080, 0x8000000080008080, 16, sbuf                           /* read back of top-bit patterns */

    /* case 9: the stored register is also the base register (stores the address itself) */
    CASE 9
    la a1, sbuf
    sw a1, 24(a1)
    la a2, sbuf
    lw a4, 24(a2)
    sext.w a2, a2
    ASSERT_EQ_REG a4, a2

    /* case 10: storing x0 writes zeros */
    CASE 10
    la a1, sbuf
    li a2, -1
    sd a2, 0(a1)
    sw x0, 0(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0xffffffff00000000

    /* case 11: base near the immediate limits */
    CASE 11
    la a1, sbuf + 2048
    li a2, 0x0102030405060708
    sw a2, -2048(a1)
    la a1, sbuf - 2047
    lw a4, 2047(a1)
    ASSERT_EQ a4, 0x0000000005060708

    /* case 12: back-to-back stores, last one wins; earlier bytes of a wider store survive */
    CASE 12
    la a1, sbuf
    sd x0, 0(a1)
    li a2, 0x1111111111111111
    sw a2, 0(a1)
    li a2, 0x2222222222222222
    sw a2, 0(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x0000000022222222
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
sbuf: .dword 0, 0, 0, 0
RVJ_DATA_END
