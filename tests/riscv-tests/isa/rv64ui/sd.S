/* sd: store the low 8 byte(s) of rs2; neighbouring bytes must be untouched. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_STORE_MERGE 2, sd, 0xffffffffffffffaa, 0xffffffffffffffaa, 0, sbuf, sbuf, 0x5555555555555555 /* offset 0: only bytes 0..7 change */
    TEST_STORE_MERGE 3, sd, 0x00000000000000bb, 0x00000000000000bb, -8, sbuf+8, sbuf, 0x5555555555555555 /* negative offset -8 */

    TEST_STORE 4, sd, ld, 0xffffffffffffffaa, 0xffffffffffffffaa, 16, sbuf                           /* read back sign-extends */
    TEST_STORE 5, sd, ld, 0x000000000000007f, 0x000000000000007f, 16, sbuf                           /* read back positive */
    TEST_STORE 6, sd, ld, 0x8000000080008080, 0x8000000080008080, 16, sbuf                           /* read back of top-bit patterns */

    /* case 7: the stored register is also the base register (stores the address itself) */
    CASE 7
    la a1, sbuf
    sd a1, 24(a1)
    la a2, sbuf
    ld a4, 24(a2)
    
    ASSERT_EQ_REG a4, a2

    /* case 8: storing x0 writes zeros */
    CASE 8
    la a1, sbuf
    li a2, -1
    sd a2, 0(a1)
    sd x0, 0(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x0000000000000000

    /* case 9: base near the immediate limits */
    CASE 9
    la a1, sbuf + 2048
    li a2, 0x0102030405060708
    sd a2, -2048(a1)
    la a1, sbuf - 2047
    ld a4, 2047(a1)
    ASSERT_EQ a4, 0x0102030405060708

    /* case 10: back-to-back stores, last one wins; earlier bytes of a wider store survive */
    CASE 10
    la a1, sbuf
    sd x0, 0(a1)
    li a2, 0x1111111111111111
    sd a2, 0(a1)
    li a2, 0x2222222222222222
    sd a2, 0(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x2222222222222222
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
sbuf: .dword 0, 0, 0, 0
RVJ_DATA_END
