/* pause (Zihintpause): a hint encoded as fence w,0; it changes no register and no memory, and a spin loop
   around it terminates. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: registers are unchanged */
    CASE 2
    li a1, 0x123456789abcdef0
    li a2, 7
    pause
    ASSERT_EQ a1, 0x123456789abcdef0
    ASSERT_EQ a2, 7

    /* case 3: a spin loop with pause in it runs its count down */
    CASE 3
    li a3, 100
1:  pause
    addi a3, a3, -1
    bnez a3, 1b
    ASSERT_EQ a3, 0

    /* case 4: stores before pause are visible after it */
    CASE 4
    la a4, buf
    li a5, 0x55
    sd a5, 0(a4)
    pause
    ld a6, 0(a4)
    ASSERT_EQ a6, 0x55
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
buf: .dword 0
RVJ_DATA_END
