using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;
using RvJit.Runtime.Semantics;
using static RvJit.Runtime.Semantics.FloatOps;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// The reference engine: executes decoded instructions one at a time, straight from the per-page decode
/// cache. It is the readable statement of what every instruction does (the translator must agree with it,
/// instruction for instruction) and rvjit's first tier.
///
/// Shape of the loop: the outer loop finds the decoded page and run for pc (in the entry cache, see
/// Interpreter.EntryCache.cs; on a miss by translating the fetch); the inner loop
/// runs that page's runs (<see cref="DecodedPage"/>) until control leaves the page, a trap, or an event that
/// changes translation or privilege. Inside a run the next instruction is simply the next slot: the pc and
/// the retired count are not kept per instruction but computed from the slot (<see cref="CachedInstruction.PcOffset"/>,
/// <see cref="CachedInstruction.Retired"/>) whenever control leaves the run. The budget and
/// <see cref="Hart.Hart.StopRequested"/> are checked at taken branches and page changes only, so a budget
/// of 1 runs up to the next taken branch or the page end. Loads and stores probe the MMU's TLB views
/// inline (one compare, one add) and call the MMU's slow path on a miss.
///
/// For a translating engine the interpreter is the cold path, and it counts heat itself: every block entry it
/// reaches (a taken branch's or jump's target, or where it enters a page) counts down the entry's
/// <see cref="CachedInstruction.Countdown"/>, in the run slot it loads anyway. It stops (<see cref="EngineExit.Entry"/>)
/// before an entry whose count reaches zero (it has turned hot) or that carries a translation's mark
/// (<see cref="MarkEntry"/>), so the engine is called once per hot or translated entry reached, not per block.
/// </summary>
public sealed unsafe partial class Interpreter : IExecutionEngine
{
    private readonly Hart.Hart hart;
    private readonly DecodeCache cache;
    private readonly CachedInstruction[] scratch = new CachedInstruction[2]; // a page-crossing instruction and its continuation
    private uint scratchRaw;                                                 // the encoding of scratch[0]
    private TlbEntry* loadTlb, storeTlb, fetchTlb;                           // the MMU's views for the hart's privilege (see UseViews)
    private Trap pendingTrap;                                                // set by the slow paths when they fail
    // The state of the current Run that the hot loop does not touch: fields, so that registers go to what it does.
    private long startInstret;                                               // hart.Instret when Run began
    private long runBudget;                                                  // the budget, less one per trap
    private bool mayStopAtPageEntry;                                         // false for the first entry of a Run that must run it
    private bool stepping;                                                   // Step: one instruction, from scratch

    /// <summary>A translating engine's hot threshold: block entries are counted down from it, and Run stops at
    /// entries that turn hot or are marked. 0: the interpreter alone (counting wraps harmlessly, it never stops).</summary>
    public int EntryThreshold { get; }

    /// <summary>After <see cref="EngineExit.Entry"/>: true when the entry's count reached zero (it has just turned
    /// hot), false when it carries a translation's mark.</summary>
    public bool StoppedHot { get; private set; }
    /// <summary>The last stop at an entry came from straight-line code running into it (a run cut at
    /// <see cref="DecodedPage.MaxRunLength"/> instructions or at its page's end), not from a jump or branch: the entry is
    /// then a point inside long straight-line code, and its count is work done there (HeatStraightLine), not visits.</summary>
    public bool StoppedAfterStraightLine { get; private set; }

    /// <summary>How many entries a <see cref="EntryMark.Waiting"/> entry runs between stops.</summary>
    public const short WaitingStride = 256;
    /// <summary>The countdown of a translated entry: below zero, so it stops every time; kept at -1 so it never wraps.</summary>
    private const short TranslatedMark = -1;

    public string Name => "interp";

    /// <param name="hart">The hart.</param>
    /// <param name="entryThreshold">See <see cref="EntryThreshold"/> (clamped to what a countdown holds).</param>
    public Interpreter(Hart.Hart hart, int entryThreshold = 0)
    {
        this.hart = hart;
        EntryThreshold = Math.Clamp(entryThreshold, 0, short.MaxValue - 1);
        cache = new DecodeCache(hart.Bus.Ram, EntryThreshold == 0 ? short.MaxValue : (short)EntryThreshold);
        loadTlb = hart.Mmu.LoadTlb;
        storeTlb = hart.Mmu.StoreTlb;
        fetchTlb = hart.Mmu.FetchTlb;
    }

    public IEnumerable<(string Name, string Value)> Statistics() =>
    [
        ("decode cache", $"{cache.Statistics.Pages} pages decoded, {cache.Epoch} invalidations, " +
            $"{cache.Statistics.Runs} runs of {cache.Statistics.Slots} slots, {entryMisses} entry-cache misses"),
    ];

    public EngineExit Run(Hart.Hart h, long budget) => Run(h, budget, stopAtFirstEntry: true);

    /// <summary>Runs like <see cref="Run(Hart.Hart, long)"/>; with <paramref name="stopAtFirstEntry"/> false the entry at
    /// hart.Pc is run even if it is hot or marked (the engine has decided to interpret it, or a translation left
    /// an instruction to the interpreter).</summary>
    public EngineExit Run(Hart.Hart h, long budget, bool stopAtFirstEntry)
    {
        if (h != hart) throw new ArgumentException("an interpreter serves the hart it was built for", nameof(h));
        mayStopAtPageEntry = stopAtFirstEntry;
        straightHeat = false;
        ulong* x = hart.State->X;
        long executed = 0;             // retired by the runs already left; the current run adds d.Retired when it is left
        startInstret = hart.Instret;
        runBudget = budget;
        CheckEntryGeneration();

        while (executed < runBudget)
        {
            if (hart.StopRequested) return Finish(EngineExit.Stopped, executed);

            // ---- Find the decoded page for pc ----
            if (fetchTlb != hart.Mmu.FetchTlb) UseViews(); // the privilege changed (a trap, an xRET): its own views
            ulong pc = hart.Pc; // exact whenever the inner loop is not running (kept in memory: registers go to the inner loop)
            if (Volatile.Read(ref cache.Epoch) != entriesDecodeEpoch) NewEntryGeneration(); // a decoded page was dropped (any hart may)
            DecodedPage? page = EnterPage(pc, out CachedInstruction[] slots, out int runSlot);
            if (page is null) goto Raise;
            ulong pageVa = pc & ~Mmu.PageOffsetMask;
            ref CachedInstruction d = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), runSlot); // page.Slot(runSlot)
            if (stepping)
            {
                if (!FetchOne(pc)) goto Raise;
                d = ref MemoryMarshal.GetArrayDataReference(scratch);
            }
            else
            {
                bool straight = straightHeat;
                if (straight) { straightHeat = false; HeatStraightLine(ref d); }
                if (--d.Countdown <= 0 && StopsAt(ref d, mayStopAtPageEntry, straight)) return Finish(EngineExit.Entry, executed);
            }
            mayStopAtPageEntry = true;

            // ---- Run instructions of this page ----
            while (true)
            {
                switch (d.Op)
                {
                    // ================= RV64I =================
                    case Op.Lui: x[d.Rd] = (ulong)d.Imm; break;
                    case Op.Auipc: x[d.Rd] = pageVa + d.PcOffset + (ulong)d.Imm; break;
                    case Op.Jal:
                        x[d.Rd] = pageVa + d.NextOffset;
                        goto Taken;
                    case Op.Jalr:
                    {
                        ulong target = (x[d.Rs1] + (ulong)d.Imm) & ~1UL;
                        x[d.Rd] = pageVa + d.NextOffset;
                        executed += d.Retired;
                        if ((target & ~Mmu.PageOffsetMask) != pageVa || executed >= runBudget) { hart.Pc = target; goto LeavePage; }
                        d = ref page.RunAt((int)((target & Mmu.PageOffsetMask) >> 1));
                        if (--d.Countdown <= 0 && StopsAt(ref d, true)) goto StopAtEntry;
                        continue;
                    }
                    case Op.Beq: if (x[d.Rs1] == x[d.Rs2]) goto Taken; break;
                    case Op.Bne: if (x[d.Rs1] != x[d.Rs2]) goto Taken; break;
                    case Op.Blt: if ((long)x[d.Rs1] < (long)x[d.Rs2]) goto Taken; break;
                    case Op.Bge: if ((long)x[d.Rs1] >= (long)x[d.Rs2]) goto Taken; break;
                    case Op.Bltu: if (x[d.Rs1] < x[d.Rs2]) goto Taken; break;
                    case Op.Bgeu: if (x[d.Rs1] >= x[d.Rs2]) goto Taken; break;

                    case Op.Lb: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 1, out ulong v)) goto Fault; x[d.Rd] = (ulong)(long)(sbyte)v; break; }
                    case Op.Lh: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 2, out ulong v)) goto Fault; x[d.Rd] = (ulong)(long)(short)v; break; }
                    case Op.Lw: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 4, out ulong v)) goto Fault; x[d.Rd] = (ulong)(long)(int)v; break; }
                    case Op.Ld: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; break; }
                    case Op.Lbu: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 1, out ulong v)) goto Fault; x[d.Rd] = v; break; }
                    case Op.Lhu: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 2, out ulong v)) goto Fault; x[d.Rd] = v; break; }
                    case Op.Lwu: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 4, out ulong v)) goto Fault; x[d.Rd] = v; break; }
                    case Op.Sb: if (!Store(x[d.Rs1] + (ulong)d.Imm, 1, x[d.Rs2])) goto SlowOutcome; break;
                    case Op.Sh: if (!Store(x[d.Rs1] + (ulong)d.Imm, 2, x[d.Rs2])) goto SlowOutcome; break;
                    case Op.Sw: if (!Store(x[d.Rs1] + (ulong)d.Imm, 4, x[d.Rs2])) goto SlowOutcome; break;
                    case Op.Sd: if (!Store(x[d.Rs1] + (ulong)d.Imm, 8, x[d.Rs2])) goto SlowOutcome; break;

                    case Op.Addi: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; break;
                    case Op.Slti: x[d.Rd] = (long)x[d.Rs1] < d.Imm ? 1UL : 0; break;
                    case Op.Sltiu: x[d.Rd] = x[d.Rs1] < (ulong)d.Imm ? 1UL : 0; break;
                    case Op.Xori: x[d.Rd] = x[d.Rs1] ^ (ulong)d.Imm; break;
                    case Op.Ori: x[d.Rd] = x[d.Rs1] | (ulong)d.Imm; break;
                    case Op.Andi: x[d.Rd] = x[d.Rs1] & (ulong)d.Imm; break;
                    case Op.Slli: x[d.Rd] = x[d.Rs1] << (int)d.Imm; break;
                    case Op.Srli: x[d.Rd] = x[d.Rs1] >> (int)d.Imm; break;
                    case Op.Srai: x[d.Rd] = (ulong)((long)x[d.Rs1] >> (int)d.Imm); break;
                    case Op.Add: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; break;
                    case Op.Sub: x[d.Rd] = x[d.Rs1] - x[d.Rs2]; break;
                    case Op.Sll: x[d.Rd] = x[d.Rs1] << (int)(x[d.Rs2] & 63); break;
                    case Op.Slt: x[d.Rd] = (long)x[d.Rs1] < (long)x[d.Rs2] ? 1UL : 0; break;
                    case Op.Sltu: x[d.Rd] = x[d.Rs1] < x[d.Rs2] ? 1UL : 0; break;
                    case Op.Xor: x[d.Rd] = x[d.Rs1] ^ x[d.Rs2]; break;
                    case Op.Srl: x[d.Rd] = x[d.Rs1] >> (int)(x[d.Rs2] & 63); break;
                    case Op.Sra: x[d.Rd] = (ulong)((long)x[d.Rs1] >> (int)(x[d.Rs2] & 63)); break;
                    case Op.Or: x[d.Rd] = x[d.Rs1] | x[d.Rs2]; break;
                    case Op.And: x[d.Rd] = x[d.Rs1] & x[d.Rs2]; break;
                    case Op.Addiw: x[d.Rd] = (ulong)(long)(int)(x[d.Rs1] + (ulong)d.Imm); break;
                    case Op.Slliw: x[d.Rd] = (ulong)(long)(int)((uint)x[d.Rs1] << (int)d.Imm); break;
                    case Op.Srliw: x[d.Rd] = (ulong)(long)(int)((uint)x[d.Rs1] >> (int)d.Imm); break;
                    case Op.Sraiw: x[d.Rd] = (ulong)(long)((int)x[d.Rs1] >> (int)d.Imm); break;
                    case Op.Addw: x[d.Rd] = (ulong)(long)(int)(x[d.Rs1] + x[d.Rs2]); break;
                    case Op.Subw: x[d.Rd] = (ulong)(long)(int)(x[d.Rs1] - x[d.Rs2]); break;
                    case Op.Sllw: x[d.Rd] = (ulong)(long)(int)((uint)x[d.Rs1] << (int)(x[d.Rs2] & 31)); break;
                    case Op.Srlw: x[d.Rd] = (ulong)(long)(int)((uint)x[d.Rs1] >> (int)(x[d.Rs2] & 31)); break;
                    case Op.Sraw: x[d.Rd] = (ulong)(long)((int)x[d.Rs1] >> (int)(x[d.Rs2] & 31)); break;
                    case Op.Fence:
                        if (FenceOps.NeedsHostFence(d.Imm)) Interlocked.MemoryBarrier();
                        break;
                    case Op.FenceI:
                        // Nothing to drop: every store that reaches decoded or translated bytes (any hart's, a device's,
                        // the kernel's) has dropped them already. Clearing here cost Linux's boot its heat counts at
                        // each of its ~670 remote fence.i's (text patching), so warm code never turned hot.
                        hart.Pc = pageVa + d.NextOffset;
                        goto Resync;
                    case Op.Ecall:
                        pendingTrap = new Trap(EcallCause(hart.Privilege), 0);
                        goto Fault;
                    case Op.Ebreak: pendingTrap = new Trap(ExceptionCause.Breakpoint, pageVa + d.PcOffset); goto Fault;
                    case Op.Illegal: goto Illegal;

                    // ================= Zicsr and privileged =================
                    case Op.Csrrw: case Op.Csrrs: case Op.Csrrc: case Op.Csrrwi: case Op.Csrrsi: case Op.Csrrci:
                        hart.Pc = pageVa + d.PcOffset;
                        hart.Instret = startInstret + executed + d.Retired - 1; // what the CSR instruction itself reads
                        if (!ExecuteCsr(in d)) goto Illegal;
                        hart.Pc = pageVa + d.NextOffset;
                        goto Resync;
                    case Op.Mret:
                        if (!hart.Mret()) goto Illegal;
                        goto Resync;
                    case Op.Sret:
                        if (!hart.Sret()) goto Illegal;
                        goto Resync;
                    case Op.Wfi:
                        if (!hart.Wfi()) goto Illegal;
                        hart.Pc = pageVa + d.NextOffset;
                        if (!hart.InterruptPending) return Finish(EngineExit.WaitForInterrupt, executed + d.Retired);
                        hart.WaitingForInterrupt = false;
                        goto Resync;
                    case Op.SfenceVma:
                        if (!hart.SfenceVma(x[d.Rs1], x[d.Rs2], d.Rs1 == 0, d.Rs2 == 0)) goto Illegal;
                        hart.Pc = pageVa + d.NextOffset;
                        goto Resync;

                    // ================= M =================
                    case Op.Mul: x[d.Rd] = x[d.Rs1] * x[d.Rs2]; break;
                    case Op.Mulh: x[d.Rd] = IntOps.Mulh(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Mulhsu: x[d.Rd] = IntOps.Mulhsu(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Mulhu: x[d.Rd] = IntOps.Mulhu(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Div: x[d.Rd] = IntOps.Div(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Divu: x[d.Rd] = IntOps.Divu(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Rem: x[d.Rd] = IntOps.Rem(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Remu: x[d.Rd] = IntOps.Remu(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Mulw: x[d.Rd] = (ulong)(long)(int)(x[d.Rs1] * x[d.Rs2]); break;
                    case Op.Divw: x[d.Rd] = IntOps.Divw(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Divuw: x[d.Rd] = IntOps.Divuw(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Remw: x[d.Rd] = IntOps.Remw(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Remuw: x[d.Rd] = IntOps.Remuw(x[d.Rs1], x[d.Rs2]); break;

                    // ================= A =================
                    case Op.LrW: case Op.LrD: case Op.ScW: case Op.ScD:
                    case Op.AmoswapW: case Op.AmoaddW: case Op.AmoxorW: case Op.AmoandW: case Op.AmoorW:
                    case Op.AmominW: case Op.AmomaxW: case Op.AmominuW: case Op.AmomaxuW:
                    case Op.AmoswapD: case Op.AmoaddD: case Op.AmoxorD: case Op.AmoandD: case Op.AmoorD:
                    case Op.AmominD: case Op.AmomaxD: case Op.AmominuD: case Op.AmomaxuD:
                        if (!ExecuteAtomic(in d)) goto SlowOutcome;
                        break;

                    // ================= Zba / Zbb / Zbs =================
                    case Op.AddUw: x[d.Rd] = (x[d.Rs1] & 0xFFFF_FFFF) + x[d.Rs2]; break;
                    case Op.Sh1add: x[d.Rd] = (x[d.Rs1] << 1) + x[d.Rs2]; break;
                    case Op.Sh2add: x[d.Rd] = (x[d.Rs1] << 2) + x[d.Rs2]; break;
                    case Op.Sh3add: x[d.Rd] = (x[d.Rs1] << 3) + x[d.Rs2]; break;
                    case Op.Sh1addUw: x[d.Rd] = ((x[d.Rs1] & 0xFFFF_FFFF) << 1) + x[d.Rs2]; break;
                    case Op.Sh2addUw: x[d.Rd] = ((x[d.Rs1] & 0xFFFF_FFFF) << 2) + x[d.Rs2]; break;
                    case Op.Sh3addUw: x[d.Rd] = ((x[d.Rs1] & 0xFFFF_FFFF) << 3) + x[d.Rs2]; break;
                    case Op.SlliUw: x[d.Rd] = (x[d.Rs1] & 0xFFFF_FFFF) << (int)d.Imm; break;
                    case Op.Andn: x[d.Rd] = x[d.Rs1] & ~x[d.Rs2]; break;
                    case Op.Orn: x[d.Rd] = x[d.Rs1] | ~x[d.Rs2]; break;
                    case Op.Xnor: x[d.Rd] = ~(x[d.Rs1] ^ x[d.Rs2]); break;
                    case Op.Clz: x[d.Rd] = (ulong)BitOperations.LeadingZeroCount(x[d.Rs1]); break;
                    case Op.Ctz: x[d.Rd] = IntOps.Ctz(x[d.Rs1]); break;
                    case Op.Cpop: x[d.Rd] = (ulong)BitOperations.PopCount(x[d.Rs1]); break;
                    case Op.Clzw: x[d.Rd] = IntOps.Clzw(x[d.Rs1]); break;
                    case Op.Ctzw: x[d.Rd] = IntOps.Ctzw(x[d.Rs1]); break;
                    case Op.Cpopw: x[d.Rd] = (ulong)BitOperations.PopCount((uint)x[d.Rs1]); break;
                    case Op.Max: x[d.Rd] = (long)x[d.Rs1] > (long)x[d.Rs2] ? x[d.Rs1] : x[d.Rs2]; break;
                    case Op.Maxu: x[d.Rd] = x[d.Rs1] > x[d.Rs2] ? x[d.Rs1] : x[d.Rs2]; break;
                    case Op.Min: x[d.Rd] = (long)x[d.Rs1] < (long)x[d.Rs2] ? x[d.Rs1] : x[d.Rs2]; break;
                    case Op.Minu: x[d.Rd] = x[d.Rs1] < x[d.Rs2] ? x[d.Rs1] : x[d.Rs2]; break;
                    case Op.SextB: x[d.Rd] = (ulong)(long)(sbyte)x[d.Rs1]; break;
                    case Op.SextH: x[d.Rd] = (ulong)(long)(short)x[d.Rs1]; break;
                    case Op.ZextH: x[d.Rd] = (ushort)x[d.Rs1]; break;
                    case Op.Rol: x[d.Rd] = BitOperations.RotateLeft(x[d.Rs1], (int)(x[d.Rs2] & 63)); break;
                    case Op.Ror: x[d.Rd] = BitOperations.RotateRight(x[d.Rs1], (int)(x[d.Rs2] & 63)); break;
                    case Op.Rolw: x[d.Rd] = IntOps.Rolw(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Rorw: x[d.Rd] = IntOps.Rorw(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Rori: x[d.Rd] = BitOperations.RotateRight(x[d.Rs1], (int)d.Imm); break;
                    case Op.Roriw: x[d.Rd] = IntOps.Rorw(x[d.Rs1], (ulong)d.Imm); break;
                    case Op.OrcB: x[d.Rd] = IntOps.OrcB(x[d.Rs1]); break;
                    case Op.Rev8: x[d.Rd] = IntOps.Rev8(x[d.Rs1]); break;
                    case Op.Bclr: x[d.Rd] = x[d.Rs1] & ~(1UL << (int)(x[d.Rs2] & 63)); break;
                    case Op.Bclri: x[d.Rd] = x[d.Rs1] & ~(1UL << (int)d.Imm); break;
                    case Op.Bext: x[d.Rd] = (x[d.Rs1] >> (int)(x[d.Rs2] & 63)) & 1; break;
                    case Op.Bexti: x[d.Rd] = (x[d.Rs1] >> (int)d.Imm) & 1; break;
                    case Op.Binv: x[d.Rd] = x[d.Rs1] ^ (1UL << (int)(x[d.Rs2] & 63)); break;
                    case Op.Binvi: x[d.Rd] = x[d.Rs1] ^ (1UL << (int)d.Imm); break;
                    case Op.Bset: x[d.Rd] = x[d.Rs1] | (1UL << (int)(x[d.Rs2] & 63)); break;
                    case Op.Bseti: x[d.Rd] = x[d.Rs1] | (1UL << (int)d.Imm); break;

                    // ================= Zbc / Zbkb / Zbkx / Zicond / Zihintpause =================
                    case Op.Clmul: x[d.Rd] = IntOps.Clmul(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Clmulh: x[d.Rd] = IntOps.Clmulh(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Clmulr: x[d.Rd] = IntOps.Clmulr(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Pack: x[d.Rd] = IntOps.Pack(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Packh: x[d.Rd] = IntOps.Packh(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Packw: x[d.Rd] = IntOps.Packw(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Brev8: x[d.Rd] = IntOps.Brev8(x[d.Rs1]); break;
                    case Op.Xperm4: x[d.Rd] = IntOps.Xperm4(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Xperm8: x[d.Rd] = IntOps.Xperm8(x[d.Rs1], x[d.Rs2]); break;
                    case Op.CzeroEqz: x[d.Rd] = IntOps.CzeroEqz(x[d.Rs1], x[d.Rs2]); break;
                    case Op.CzeroNez: x[d.Rd] = IntOps.CzeroNez(x[d.Rs1], x[d.Rs2]); break;
                    case Op.Pause: break; // a hint: nothing to order or wait for in an emulator

                    // ================= Zicbom / Zicboz (Zicbop's prefetches are ori hints) =================
                    case Op.CboInval: case Op.CboClean: case Op.CboFlush: case Op.CboZero:
                        if (!ExecuteCacheBlock(in d)) goto SlowOutcome;
                        break;

                    // ================= Fused pairs (FusedPairs: the first's case, then straight to the second's) =================
                    case FusedPairs.LdLd: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Ld;
                    case FusedPairs.LdAddi: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.LdSd: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Sd;
                    case FusedPairs.LdBltu: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Bltu;
                    case FusedPairs.LdAdd: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Add;
                    case FusedPairs.LdBeq: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Beq;
                    case FusedPairs.LdJal: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Jal;
                    case FusedPairs.LdBne: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Bne;
                    case FusedPairs.LdLw: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Lw;
                    case FusedPairs.LdBgeu: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Bgeu;
                    case FusedPairs.LdLui: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Lui;
                    case FusedPairs.LdSw: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 8, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Sw;
                    case FusedPairs.LwAddi: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 4, out ulong v)) goto Fault; x[d.Rd] = (ulong)(long)(int)v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.LwAdd: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 4, out ulong v)) goto Fault; x[d.Rd] = (ulong)(long)(int)v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Add;
                    case FusedPairs.LwLd: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 4, out ulong v)) goto Fault; x[d.Rd] = (ulong)(long)(int)v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Ld;
                    case FusedPairs.LbuAddi: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 1, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.LbuBeq: { if (!Load(x[d.Rs1] + (ulong)d.Imm, 1, out ulong v)) goto Fault; x[d.Rd] = v; } d = ref Unsafe.Add(ref d, 1); goto case Op.Beq;
                    case FusedPairs.SdSd: if (!Store(x[d.Rs1] + (ulong)d.Imm, 8, x[d.Rs2])) goto SlowOutcome; d = ref Unsafe.Add(ref d, 1); goto case Op.Sd;
                    case FusedPairs.SdAddi: if (!Store(x[d.Rs1] + (ulong)d.Imm, 8, x[d.Rs2])) goto SlowOutcome; d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.SdLd: if (!Store(x[d.Rs1] + (ulong)d.Imm, 8, x[d.Rs2])) goto SlowOutcome; d = ref Unsafe.Add(ref d, 1); goto case Op.Ld;
                    case FusedPairs.SdJal: if (!Store(x[d.Rs1] + (ulong)d.Imm, 8, x[d.Rs2])) goto SlowOutcome; d = ref Unsafe.Add(ref d, 1); goto case Op.Jal;
                    case FusedPairs.SdAdd: if (!Store(x[d.Rs1] + (ulong)d.Imm, 8, x[d.Rs2])) goto SlowOutcome; d = ref Unsafe.Add(ref d, 1); goto case Op.Add;
                    case FusedPairs.SdAuipc: if (!Store(x[d.Rs1] + (ulong)d.Imm, 8, x[d.Rs2])) goto SlowOutcome; d = ref Unsafe.Add(ref d, 1); goto case Op.Auipc;
                    case FusedPairs.SdSb: if (!Store(x[d.Rs1] + (ulong)d.Imm, 8, x[d.Rs2])) goto SlowOutcome; d = ref Unsafe.Add(ref d, 1); goto case Op.Sb;
                    case FusedPairs.SwAddi: if (!Store(x[d.Rs1] + (ulong)d.Imm, 4, x[d.Rs2])) goto SlowOutcome; d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.SbAddi: if (!Store(x[d.Rs1] + (ulong)d.Imm, 1, x[d.Rs2])) goto SlowOutcome; d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.AddiAddi: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.AddiSd: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Sd;
                    case FusedPairs.AddiJal: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Jal;
                    case FusedPairs.AddiJalr: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Jalr;
                    case FusedPairs.AddiLd: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Ld;
                    case FusedPairs.AddiBne: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Bne;
                    case FusedPairs.AddiBeq: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Beq;
                    case FusedPairs.AddiAdd: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Add;
                    case FusedPairs.AddiBltu: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Bltu;
                    case FusedPairs.AddiBgeu: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Bgeu;
                    case FusedPairs.AddiSrli: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Srli;
                    case FusedPairs.AddiBlt: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Blt;
                    case FusedPairs.AddiBge: x[d.Rd] = x[d.Rs1] + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Bge;
                    case FusedPairs.AddiwSw: x[d.Rd] = (ulong)(long)(int)(x[d.Rs1] + (ulong)d.Imm); d = ref Unsafe.Add(ref d, 1); goto case Op.Sw;
                    case FusedPairs.AddiwAddi: x[d.Rd] = (ulong)(long)(int)(x[d.Rs1] + (ulong)d.Imm); d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.AddAdd: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Add;
                    case FusedPairs.AddLd: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Ld;
                    case FusedPairs.AddJal: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Jal;
                    case FusedPairs.AddLw: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Lw;
                    case FusedPairs.AddAddi: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.AddSd: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Sd;
                    case FusedPairs.AddLbu: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Lbu;
                    case FusedPairs.AddJalr: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Jalr;
                    case FusedPairs.AddBeq: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Beq;
                    case FusedPairs.AddAndi: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Andi;
                    case FusedPairs.AddSlli: x[d.Rd] = x[d.Rs1] + x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Slli;
                    case FusedPairs.AndAdd: x[d.Rd] = x[d.Rs1] & x[d.Rs2]; d = ref Unsafe.Add(ref d, 1); goto case Op.Add;
                    case FusedPairs.AndiBeq: x[d.Rd] = x[d.Rs1] & (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Beq;
                    case FusedPairs.AndiBne: x[d.Rd] = x[d.Rs1] & (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Bne;
                    case FusedPairs.SlliAdd: x[d.Rd] = x[d.Rs1] << (int)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Add;
                    case FusedPairs.SlliSrli: x[d.Rd] = x[d.Rs1] << (int)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Srli;
                    case FusedPairs.SrliAdd: x[d.Rd] = x[d.Rs1] >> (int)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Add;
                    case FusedPairs.SrliAnd: x[d.Rd] = x[d.Rs1] >> (int)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.And;
                    case FusedPairs.SrliAddi: x[d.Rd] = x[d.Rs1] >> (int)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.SrliAndi: x[d.Rd] = x[d.Rs1] >> (int)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Andi;
                    case FusedPairs.LuiAddi: x[d.Rd] = (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.AuipcAddi: x[d.Rd] = pageVa + d.PcOffset + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Addi;
                    case FusedPairs.AuipcLd: x[d.Rd] = pageVa + d.PcOffset + (ulong)d.Imm; d = ref Unsafe.Add(ref d, 1); goto case Op.Ld;

                    // ================= Run ends that are not instructions =================
                    case CachedInstruction.Continue:
                        // The run was cut short (length cap) or reached the page end: not a taken branch, so no budget check.
                        // Straight-line code is counted too, by the work done: otherwise a long unrolled function
                        // (the kernel's blake2s, 2,300 instructions a call) stays interpreted until called 4,096 times.
                        executed += d.Retired;
                        if (!d.TargetInPage) { hart.Pc = pageVa + d.PcOffset; straightHeat = true; goto LeavePage; }
                        int nextSlot = d.Target;
                        if (nextSlot == 0) nextSlot = page.ResolveTarget(ref d);
                        d = ref page.Slot(nextSlot);
                        HeatStraightLine(ref d);
                        if (--d.Countdown <= 0 && StopsAt(ref d, true, straightLine: true)) goto StopAtEntry;
                        continue;
                    case CachedInstruction.CrossPage:
                        // Decoded afresh each time (either page may change); runs from scratch, then continues on the next page.
                        if (!FetchCrossing(pageVa + d.PcOffset, in d)) { executed += d.Retired; hart.Pc = pageVa + d.PcOffset; goto Raise; }
                        d = ref MemoryMarshal.GetArrayDataReference(scratch);
                        continue;

                    // ================= F and D =================
                    default:
                        if (!hart.Csrs.FpEnabled) goto Illegal;
                        if (!ExecuteFloat(in d)) goto SlowOutcome;
                        break;
                }
                d = ref Unsafe.Add(ref d, 1);
                continue;

            Taken:
                // A taken branch or jal (pc-relative): stay in this page's loop if the target is in it and budget
                // remains. Target is 0 until resolved, and stays 0 for targets outside the page (and in a step's scratch
                // run, where the budget of 1 is spent).
                executed += d.Retired;
                if (executed >= runBudget) goto TakenOffPage;
                int targetSlot = d.Target;
                if (targetSlot == 0)
                {
                    if (!d.TargetInPage) goto TakenOffPage;
                    targetSlot = page.ResolveTarget(ref d);
                }
                d = ref page.Slot(targetSlot);
                if (--d.Countdown <= 0 && StopsAt(ref d, true)) goto StopAtEntry;
                continue;

            StopAtEntry:
                // d is the first slot of a run that is hot or translated: the engine decides what runs it.
                hart.Pc = pageVa + d.PcOffset;
                return Finish(EngineExit.Entry, executed);

            TakenOffPage:
                hart.Pc = pageVa + d.PcOffset + (ulong)d.Imm;
                goto LeavePage;

            Resync:
                // Translation, privilege, CSR state or the code itself may have changed: re-enter the outer loop.
                executed += d.Retired;
                hart.Instret = startInstret + executed;
                hart.CheckInterrupts(); // takes a pending interrupt by moving hart.Pc
                CheckEntryGeneration();
                goto LeavePage;

            SlowOutcome:
                // A store (or atomic, or FP instruction) that needs attention: it trapped, or it wrote a page holding decoded code.
                if (outcome == Faulted) goto Fault;
                if (outcome == IllegalEncoding) goto Illegal;
                hart.Pc = pageVa + d.NextOffset;
                goto Resync;

            Illegal:
                pendingTrap = new Trap(ExceptionCause.IllegalInstruction, RawOf(in d, page));
            Fault:
                executed += d.Retired - 1; // the trapping instruction does not retire
                hart.Pc = pageVa + d.PcOffset;
                goto Raise;
            }
        LeavePage:
            continue;

        Raise:
            runBudget--; // a trap retires nothing, but must still use up budget: a trap loop returns to the caller
            hart.Instret = startInstret + executed;
            if (!hart.RaiseException(pendingTrap, hart.Pc)) return Finish(EngineExit.HostTrap, executed);
            CheckEntryGeneration();
        }

        return Finish(EngineExit.Budget, executed);
    }

    /// <summary>
    /// Runs exactly one instruction at hart.Pc, or takes the trap it raises (a debugger's single step: gdb
    /// steps a bare-metal target with `s`). The instruction is decoded into the scratch run as a run of its own
    /// whose every exit leaves the page, so the loop ends after it whatever it is.
    /// </summary>
    public EngineExit Step(Hart.Hart h)
    {
        stepping = true;
        try { return Run(h, 1, stopAtFirstEntry: false); }
        finally { stepping = false; }
    }

    /// <summary>Decodes the instruction at <paramref name="pc"/> into the scratch run for <see cref="Step"/>.
    /// False = fetch trap in pendingTrap.</summary>
    private bool FetchOne(ulong pc)
    {
        if (!hart.Mmu.TranslateFetch(pc, out ulong paLow, out pendingTrap)) return false;
        hart.Bus.Read(paLow, 2, out ulong raw);
        if ((raw & 3) == 3)
        {
            if (!hart.Mmu.TranslateFetch(pc + 2, out ulong paHigh, out pendingTrap)) return false;
            hart.Bus.Read(paHigh, 2, out ulong high);
            raw |= high << 16;
        }
        Instruction ins = ForInterpreter(Decoder.Decode((uint)raw));
        int offset = (int)(pc & Mmu.PageOffsetMask);
        scratch[0] = CachedInstruction.Of(ins, offset, 1);
        scratch[1] = CachedInstruction.LeaveAt(offset + ins.Length, 1);
        scratchRaw = ins.Raw;
        return true;
    }

    /// <summary>The run before this entry ran on into it (a run cut at <see cref="DecodedPage.MaxRunLength"/>, or the page's
    /// end): the entry is charged for the straight-line work that reached it, as if that many blocks had been entered
    /// (kept above zero: a countdown below it is a translation's mark, and reaching zero is for the caller to see).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HeatStraightLine(ref CachedInstruction entry)
    {
        if (entry.Countdown > StraightLineHeat) entry.Countdown -= StraightLineHeat - 1;
    }

    /// <summary>The entries' worth of heat a straight-line continuation adds: a run of <see cref="DecodedPage.MaxRunLength"/>
    /// instructions does the work of about this many typical blocks.</summary>
    private const short StraightLineHeat = 8;
    private bool straightHeat; // the next page entry was reached by running off the end of the previous page

    /// <summary>An entry's countdown has reached zero, or it is marked as translated: whether Run stops before it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool StopsAt(ref CachedInstruction entry, bool mayStop, bool straightLine = false)
    {
        if (EntryThreshold == 0) { entry.Countdown = short.MaxValue; return false; } // nobody to stop for
        bool hot = entry.Countdown == 0;
        if (!hot) entry.Countdown = TranslatedMark; // it was below zero: stays marked, never wraps
        if (!mayStop)
        {
            if (hot) entry.Countdown = 1; // stops the next time it is reached
            return false;
        }
        StoppedHot = hot;
        StoppedAfterStraightLine = straightLine;
        return true;
    }

    /// <summary>Sets the countdown of the entry at physical address <paramref name="pa"/> (kept for its run until it is decoded).
    /// Nothing happens when the page has no decoded code: its entries then count from the threshold, and one
    /// that has a translation stops as hot after that many entries, where the engine finds the translation.</summary>
    public void MarkEntry(ulong pa, EntryMark mark)
    {
        if (EntryThreshold == 0 || cache.Find(pa) is not { } page) return;
        page.SetCountdown((int)((pa & Mmu.PageOffsetMask) >> 1), mark switch
        {
            EntryMark.Translated => TranslatedMark,
            EntryMark.Waiting => WaitingStride,
            EntryMark.Cold => (short)EntryThreshold,
            _ => short.MaxValue,
        });
    }

    /// <summary>Told (with the page's physical address) when the interpreter decodes a page for the first time (or
    /// again after it was written): a translating engine may mark entries there that it has translations for.</summary>
    public Action<ulong>? PageDecoded { get; set; }

    /// <summary>The entries that ran at least <paramref name="minRuns"/> times without turning hot or being marked
    /// (code that was warm in this run), each as (runs &lt;&lt; 48) | physical address: sorted, the most run come last.
    /// (Plain ulongs: collections of tuples here were JIT-compiled in every run that saved.)</summary>
    public List<ulong> WarmEntries(int minRuns)
    {
        var entries = new List<ulong>();
        if (EntryThreshold == 0) return entries;
        foreach (var page in cache.Pages()) page.AddCountedEntries(Math.Max(1, minRuns), entries);
        // With a comparison: List.Sort() makes its sorter by reflection, and the sorter was JIT-compiled at every save.
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entries).Sort(static (a, b) => a.CompareTo(b));
        return entries;
    }

    /// <summary>The physical address in a <see cref="WarmEntries"/> value.</summary>
    public static ulong WarmEntryAddress(ulong entry) => entry & ((1UL << 48) - 1);

    /// <summary>Whether the interpreter has entered (or been told about) the block entry at physical address <paramref name="pa"/>.</summary>
    public bool HasRun(ulong pa) => cache.Find(pa) is { } page && page.Entered((int)((pa & Mmu.PageOffsetMask) >> 1));

    /// <summary>How many times the interpreter entered the run at physical address <paramref name="pa"/> since its countdown last
    /// started from the threshold (a straight-line continuation counts as several, see HeatStraightLine); 0 when it never
    /// did, -1 when the entry is marked (translated, waiting for the compiler) or hot, so its count is not known.</summary>
    public int CountedRuns(ulong pa)
    {
        if (EntryThreshold == 0 || cache.Find(pa) is not { } page) return 0;
        int countdown = page.CountdownAt((int)((pa & Mmu.PageOffsetMask) >> 1));
        return countdown <= 0 || countdown > EntryThreshold ? -1 : EntryThreshold - countdown;
    }

    /// <summary>The entries of physical page <paramref name="pagePa"/> that the interpreter has entered (or been told about).</summary>
    public IEnumerable<ulong> EntriesRunIn(ulong pagePa)
    {
        if (cache.Find(pagePa) is not { } page) yield break;
        foreach (int parcel in page.EnteredParcels()) yield return page.PhysicalBase + (ulong)(2 * parcel);
    }

    /// <summary>Sets a bit of <paramref name="bits"/> (one per 2-byte parcel of the page, 256 bytes) for each entry of
    /// physical page <paramref name="pagePa"/> that the interpreter has entered (or been told about): what
    /// <see cref="EntriesRunIn"/> lists, in a form that can be saved. False when the page has no decoded code.</summary>
    public bool AddEntriesRunIn(ulong pagePa, Span<byte> bits)
    {
        if (cache.Find(pagePa) is not { } page) return false;
        page.AddEnteredBits(bits);
        return true;
    }

    /// <summary>Takes the MMU's current views (they change with the privilege under <see cref="Mmu.ViewsPerPrivilege"/>).</summary>
    private void UseViews()
    {
        loadTlb = hart.Mmu.LoadTlb;
        storeTlb = hart.Mmu.StoreTlb;
        fetchTlb = hart.Mmu.FetchTlb;
    }

    /// <summary>The decoded page for an instruction fetch at <paramref name="pc"/> when the fetch TLB maps it
    /// and the page is already in the cache; null otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DecodedPage? FindPage(ulong pc)
    {
        TlbEntry* e = Mmu.EntryFor(fetchTlb, pc);
        return e->Tag == (pc & ~Mmu.PageOffsetMask) ? cache.AtHost((byte*)(pc + (ulong)e->Addend)) : null;
    }

    /// <summary>The full path: translates the fetch (null = trap, in pendingTrap) and decodes the page if new.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private DecodedPage? FindPageSlowPath(ulong pc)
    {
        if (!hart.Mmu.TranslateFetch(pc, out ulong pagePa, out pendingTrap)) return null;
        // A new decoded page marks its page as code, which empties every hart's store entries for it.
        var page = cache.Get(pagePa, out bool created);
        if (created) PageDecoded?.Invoke(page.PhysicalBase);
        return page;
    }

    /// <summary>The encoding of <paramref name="d"/> (mtval of an illegal-instruction trap): kept for the scratch run, read
    /// again from the page for a slot of <paramref name="page"/>.</summary>
    private uint RawOf(in CachedInstruction d, DecodedPage page) =>
        Unsafe.AreSame(in d, in scratch[0]) ? scratchRaw : page.RawAt(d.PcOffset);

    /// <summary>Leaves Run: hart.Pc is already exact; Instret gets the instructions retired.</summary>
    private EngineExit Finish(EngineExit exit, long executed)
    {
        hart.Instret = startInstret + executed;
        return exit;
    }

    private static ExceptionCause EcallCause(Privilege privilege) => privilege switch
    {
        Privilege.User => ExceptionCause.EcallFromUser,
        Privilege.Supervisor => ExceptionCause.EcallFromSupervisor,
        _ => ExceptionCause.EcallFromMachine,
    };

    /// <summary>LR/SC/AMO: true when done; otherwise <see cref="outcome"/> is Faulted, or CodeChanged when it
    /// wrote a page holding decoded code.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ExecuteAtomic(in CachedInstruction d)
    {
        ulong* x = hart.State->X;
        long before = cache.Epoch;
        if (!AtomicOps.Execute(hart, d.Op, x[d.Rs1], x[d.Rs2], out ulong v, out pendingTrap)) { outcome = Faulted; return false; }
        x[d.Rd] = v;
        outcome = cache.Epoch != before ? CodeChanged : Done;
        return outcome == Done;
    }

    /// <summary>cbo.*: true when done; otherwise <see cref="outcome"/> is IllegalEncoding (disabled by envcfg),
    /// Faulted, or CodeChanged when cbo.zero wrote a page holding decoded code.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ExecuteCacheBlock(in CachedInstruction d)
    {
        long before = cache.Epoch;
        outcome = CacheBlockOps.Execute(hart, d.Op, hart.State->X[d.Rs1], out pendingTrap) switch
        {
            CacheBlockOps.Outcome.Illegal => IllegalEncoding,
            CacheBlockOps.Outcome.Faulted => Faulted,
            _ => cache.Epoch != before ? CodeChanged : Done,
        };
        return outcome == Done;
    }

    // ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Integer destinations x0 become the sink slot X[32], so the interpreter never has to re-zero x0.
    /// Which instructions write an integer rd is table data (<see cref="OperandUse"/>).
    /// </summary>
    internal static Instruction ForInterpreter(Instruction ins)
    {
        if (ins.Rd != 0 || (OperandUse.Of(ins.Op) & RegisterUse.IntRd) == 0) return ins;
        return new Instruction(ins.Op, 32, ins.Rs1, ins.Rs2, ins.Rs3, ins.Rm, ins.Imm, ins.Raw, ins.Length);
    }

    /// <summary>
    /// A 32-bit instruction whose upper half is on the next page (<paramref name="marker"/> is its
    /// <see cref="CachedInstruction.CrossPage"/> slot): fetched and decoded every time, into the scratch run
    /// [instruction, continuation on the next page]. False = fetch trap in pendingTrap.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool FetchCrossing(ulong pc, in CachedInstruction marker)
    {
        if (!hart.Mmu.TranslateFetch(pc, out ulong paLow, out pendingTrap)) return false;
        if (!hart.Mmu.TranslateFetch(pc + 2, out ulong paHigh, out pendingTrap)) return false;
        hart.Bus.Read(paLow, 2, out ulong low);
        hart.Bus.Read(paHigh, 2, out ulong high);
        Instruction ins = ForInterpreter(Decoder.Decode((uint)(low | (high << 16))));
        int retired = marker.Retired + 1;
        scratch[0] = CachedInstruction.Of(ins, marker.PcOffset, retired);
        scratch[1] = CachedInstruction.ContinueAt(marker.PcOffset + ins.Length, retired);
        scratchRaw = ins.Raw;
        return true;
    }

    // Loads and stores: the TLB probe inline (one compare, one add); misses go to the MMU's full path,
    // which leaves a failed access's trap in pendingTrap. The fast paths write nothing but the result, and
    // the slow paths return values rather than write through pointers, so the result stays in a register.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Load(ulong va, int size, out ulong value)
    {
        TlbEntry* e = Mmu.EntryFor(loadTlb, va);
        if (e->Tag == Mmu.TagOf(va, size))
        {
            value = Bus.LoadHost((byte*)(va + (ulong)e->Addend), size);
            return true;
        }
        value = LoadSlowPath(va, size);
        return outcome == Done;
    }

    /// <summary>Sets <see cref="outcome"/> to Done, or Faulted with the trap in pendingTrap.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong LoadSlowPath(ulong va, int size)
    {
        outcome = hart.Mmu.Load(va, size, out ulong value, out pendingTrap) ? Done : Faulted;
        return value;
    }

    // Outcomes of the instructions that can need attention after they ran (stores, atomics, FP): kept in a
    // field rather than returned, so the fast paths compile to a plain branch.
    private const int Done = 0, Faulted = 1, CodeChanged = 2, IllegalEncoding = 3;
    private int outcome;

    /// <summary>True when the store is done and nothing else needs attention; otherwise see <see cref="outcome"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Store(ulong va, int size, ulong value)
    {
        TlbEntry* e = Mmu.EntryFor(storeTlb, va);
        if (e->Tag == Mmu.TagOf(va, size))
        {
            Bus.StoreHost((byte*)(va + (ulong)e->Addend), size, value);
            return true;
        }
        return StoreSlowPath(va, size, value);
    }

    // Misses never hit a page with decoded code in the fast path (the store view excludes such pages), so
    // only here can a store invalidate code the interpreter is running.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool StoreSlowPath(ulong va, int size, ulong value)
    {
        long epoch = cache.Epoch;
        outcome = !hart.Mmu.Store(va, size, value, out pendingTrap) ? Faulted : cache.Epoch != epoch ? CodeChanged : Done;
        return outcome == Done;
    }

    /// <summary>csrrw/csrrs/csrrc and immediate forms: which of read and write happen follows the spec
    /// (csrrw with rd = x0 does not read; csrrs/csrrc with rs1 = x0 or uimm = 0 do not write).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ExecuteCsr(in CachedInstruction d)
    {
        ulong* x = hart.State->X;
        bool isImm = d.Op is Op.Csrrwi or Op.Csrrsi or Op.Csrrci;
        ulong operand = isImm ? d.Rs1 : x[d.Rs1];
        int rd = d.Rd == 32 ? 0 : d.Rd; // slot 32 is the sink that stands for x0
        if (!CsrOps.Execute(hart.Csrs, d.Op, (uint)d.Imm, operand, rd, d.Rs1, out ulong old)) return false;
        x[d.Rd] = old;
        return true;
    }
}
