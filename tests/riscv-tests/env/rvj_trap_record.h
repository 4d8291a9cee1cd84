/* Layout of rvj_trap_record, the block where rvj_trap_skip (env/rvj_start.S) stores what it saw. */
#ifndef RVJ_TRAP_RECORD_H
#define RVJ_TRAP_RECORD_H
#define RVJ_TRAP_SAVE  0   /* scratch save slot of the handler */
#define RVJ_TRAP_CAUSE 8   /* mcause of the last trap */
#define RVJ_TRAP_TVAL  16  /* mtval of the last trap */
#define RVJ_TRAP_EPC   24  /* mepc of the last trap */
#define RVJ_TRAP_COUNT 32  /* traps taken since the counter was cleared */
#define RVJ_TRAP_PRIV  40  /* privilege level the last trap came from (mstatus.MPP) */
#define RVJ_TRAP_RESUME 48 /* if nonzero: the next trap resumes here in M-mode (then cleared) */
#endif
