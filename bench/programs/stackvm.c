/* stackvm: a bytecode interpreter loop. A tiny stack machine (switch dispatch, separate call stack)
 * runs two assembled programs: recursive Fibonacci and an arithmetic counting loop over locals. */
#include "bench_common.h"

enum op { PUSH, LOADL, STOREL, ADD, SUB, MUL, MOD, XOR, LT, JZ, JMP, CALL, RET, HALT };

#define CODE_MAX 256
#define STACK_MAX 4096
#define CALLS_MAX 1024

typedef struct { int32_t code[CODE_MAX]; int len; } program_t;

static void emit(program_t *p, int32_t v) { p->code[p->len++] = v; }

/* Executes from pc=entry with an empty stack; returns the value on top at HALT. */
static int64_t run(const program_t *p, int entry, long *executed)
{
    int64_t stack[STACK_MAX];
    struct { int ret, fp; } calls[CALLS_MAX];
    int sp = 0, fp = 0, cp = 0, pc = entry;
    long count = 0;
    for (;;) {
        count++;
        switch ((enum op)p->code[pc++]) {
        case PUSH: stack[sp++] = p->code[pc++]; break;
        case LOADL: stack[sp++] = stack[fp + p->code[pc++]]; break;
        case STOREL: stack[fp + p->code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case JZ: { int32_t target = p->code[pc++]; if (stack[--sp] == 0) pc = target; break; }
        case JMP: pc = p->code[pc]; break;
        case CALL: {
            int32_t target = p->code[pc++], nargs = p->code[pc++];
            if (cp == CALLS_MAX || sp + 64 > STACK_MAX) { fputs("stackvm: stack overflow\n", stderr); exit(1); }
            calls[cp].ret = pc; calls[cp].fp = fp; cp++;
            fp = sp - nargs;
            pc = target;
            break;
        }
        case RET: {
            int64_t result = stack[sp - 1];
            sp = fp;
            stack[sp++] = result;
            cp--; pc = calls[cp].ret; fp = calls[cp].fp;
            break;
        }
        case HALT: *executed += count; return stack[sp - 1];
        default: fputs("stackvm: bad opcode\n", stderr); exit(1);
        }
    }
}

/* fib(n) = n < 2 ? n : fib(n-1) + fib(n-2); returns the function's address. */
static int assemble_fib(program_t *p)
{
    int fib = p->len;
    emit(p, LOADL); emit(p, 0); emit(p, PUSH); emit(p, 2); emit(p, LT);
    emit(p, JZ); int patch = p->len; emit(p, 0);
    emit(p, LOADL); emit(p, 0); emit(p, RET);
    p->code[patch] = p->len;
    emit(p, LOADL); emit(p, 0); emit(p, PUSH); emit(p, 1); emit(p, SUB); emit(p, CALL); emit(p, fib); emit(p, 1);
    emit(p, LOADL); emit(p, 0); emit(p, PUSH); emit(p, 2); emit(p, SUB); emit(p, CALL); emit(p, fib); emit(p, 1);
    emit(p, ADD); emit(p, RET);
    return fib;
}

/* Entry: push n, call fib, halt. */
static int assemble_fib_main(program_t *p, int fib, int n)
{
    int entry = p->len;
    emit(p, PUSH); emit(p, n); emit(p, CALL); emit(p, fib); emit(p, 1); emit(p, HALT);
    return entry;
}

/* Locals i, acc, limit: for (i = 0; i < limit; i++) acc = (acc + i*i % 7) ^ i. */
static int assemble_loop(program_t *p, int limit)
{
    int entry = p->len;
    emit(p, PUSH); emit(p, 0); emit(p, PUSH); emit(p, 0); emit(p, PUSH); emit(p, limit);
    int loop = p->len;
    emit(p, LOADL); emit(p, 0); emit(p, LOADL); emit(p, 2); emit(p, LT);
    emit(p, JZ); int patch = p->len; emit(p, 0);
    emit(p, LOADL); emit(p, 1); emit(p, LOADL); emit(p, 0); emit(p, LOADL); emit(p, 0); emit(p, MUL);
    emit(p, PUSH); emit(p, 7); emit(p, MOD); emit(p, ADD); emit(p, LOADL); emit(p, 0); emit(p, XOR);
    emit(p, STOREL); emit(p, 1);
    emit(p, LOADL); emit(p, 0); emit(p, PUSH); emit(p, 1); emit(p, ADD); emit(p, STOREL); emit(p, 0);
    emit(p, JMP); emit(p, loop);
    p->code[patch] = p->len;
    emit(p, LOADL); emit(p, 1); emit(p, HALT);
    return entry;
}

int main(int argc, char **argv)
{
    long rounds = bench_scaled(13, bench_scale(argc, argv));
    program_t prog = { .len = 0 };
    int fib = assemble_fib(&prog);
    int fib_main = assemble_fib_main(&prog, fib, 24);
    int loop_main = assemble_loop(&prog, 300000);

    uint64_t h = 0;
    long executed = 0;
    int64_t f = 0, l = 0;
    for (long it = 0; it < rounds; it++) {
        f = run(&prog, fib_main, &executed);
        l = run(&prog, loop_main, &executed);
        h = mix64(mix64(h, (uint64_t)f), (uint64_t)l);
    }
    printf("stackvm rounds=%ld fib(24)=%lld loop=%lld ops=%ld checksum=%016llx\n", rounds, (long long)f,
           (long long)l, executed, (unsigned long long)h);
    return 0;
}
