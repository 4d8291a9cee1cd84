using RvJit.Runtime.Isa;
using RvJit.Runtime.Semantics;

namespace RvJit.Translator;

/// <summary>
/// What a block's straight-line code proves about its own values, so that the emitter can produce less host
/// code than translating one instruction at a time, with every register still holding exactly what the
/// interpreter gives it:
/// <list type="bullet">
/// <item>Rotates. Without Zbb, compilers write a rotate as two shifts of one value and an or (<c>slliw t0, x, n;
/// srliw t1, x, 32-n; or rd, t0, t1</c>; also the 64-bit form). The or becomes one host rotate of that value. The
/// shifts are still emitted, so t0 and t1 hold their values; RyuJIT drops them when nothing reads them.</item>
/// <item>Sign extensions already done. <c>sext.w rd, rs</c> (<c>addiw rd, rs, 0</c>) copies rs when rs is known to
/// hold a sign-extended 32-bit value (the result of a W operation, a 32-bit or narrower load, a comparison...).</item>
/// <item>Shared TLB probes. Accesses through one base register that nothing between them changes except by a
/// constant (a prologue saving registers, a structure copied field by field, a loop that loads <c>0(a0)</c>,
/// advances a0 and stores <c>-8(a0)</c>) probe the TLB once for all of them: <see cref="ProbeGroup"/>.</item>
/// <item>Division and remainder of the same operands (<c>div q, a, b; rem r, a, b</c>, the M extension's recommended
/// pair; also divu/remu and the W forms) with nothing between them writing a, b or q: the remainder is a - q*b
/// (<see cref="IntOps.RemFromQuotient"/>), one host division for the two.</item>
/// </list>
/// Facts are gathered from the block's entry with nothing known, so they hold however the block is entered.
/// </summary>
internal sealed class BlockIdioms
{
    /// <summary>A rotate found at the instruction that combines the shifts: rotate the value register
    /// <paramref name="Source"/> had at instruction <paramref name="CaptureAt"/> (the first shift) left by
    /// <paramref name="Amount"/>, on 32 bits with the result sign-extended when <paramref name="Word"/>.</summary>
    public sealed record Rotate(int CaptureAt, int Source, int Amount, bool Word);

    /// <summary>Accesses at offsets [Low, Low + Span) from the value register <paramref name="Base"/> has at the group's
    /// first access; between its first access and its last the register changes only by constants (<c>addi b, b, k</c>),
    /// which the offsets take into account. One probe at the first access covers all of them when the window lies in
    /// one page; otherwise each access probes as usual. With <paramref name="Store"/> (any member stores) the probe is
    /// of the store view, whose entries the loads use too: a page there is writable, so readable, and maps to the same
    /// host page.</summary>
    public sealed record ProbeGroup(int First, int Base, bool Store, long Low, long Span);

    /// <summary>Widest window a group may cover: the wider, the likelier it straddles a page.</summary>
    public const int MaxProbeWindow = 1024;

    /// <summary>Fewest accesses worth a shared probe. Each member also keeps an out-of-line probe of its own for when
    /// the window straddles a page: pairs saved no host instructions on the benchmarks while adding 7% IL (compile
    /// time) on gofmt. A load and a store (read-modify-write, the pair <see cref="MinMixedProbeGroup"/>) are worth it:
    /// the store's probe is the one the pair's loads then skip.</summary>
    public const int MinProbeGroup = 3;

    /// <summary>Fewest accesses worth a shared probe when they are loads and stores: a load and a store of one element,
    /// the shape of <c>a[i] = f(a[i])</c> loops (bench/parallel/pcompute's hot loop saves one probe of its three).</summary>
    public const int MinMixedProbeGroup = 2;

    // Made when the first fact of their kind is found: most blocks have none, and a block is scanned each time its
    // region is emitted.
    private Dictionary<int, Rotate>? rotates;
    private Dictionary<int, ProbeGroup>? probeGroups;
    private HashSet<int>? redundantSext;
    private Dictionary<int, int>? quotients;

    public static readonly BlockIdioms None = new();

    /// <summary>The rotate that instruction <paramref name="index"/> computes, if it combines two shifts.</summary>
    public Rotate? RotateAt(int index) => rotates?.GetValueOrDefault(index);

    /// <summary>Whether the block has rotates (<see cref="CapturesAt"/> is then worth asking).</summary>
    public bool HasRotates => rotates is not null;

    /// <summary>Rotates whose source value must be kept from just before instruction <paramref name="index"/>.</summary>
    public IEnumerable<Rotate> CapturesAt(int index) => rotates is null ? [] : rotates.Values.Where(r => r.CaptureAt == index);

    /// <summary>Whether instruction <paramref name="index"/> is a <c>sext.w</c> of a value already sign-extended.</summary>
    public bool IsRedundantSext(int index) => redundantSext?.Contains(index) == true;

    /// <summary>For a remainder at <paramref name="index"/> whose division of the same operands came earlier in the block:
    /// the register holding that quotient (still unchanged, as are the operands).</summary>
    public int? QuotientFor(int index) => quotients is not null && quotients.TryGetValue(index, out int r) ? r : null;

    /// <summary>The division whose quotient gives <paramref name="rem"/>'s remainder.</summary>
    private static Op? DivisionOf(Op rem) => rem switch
    {
        Op.Rem => Op.Div, Op.Remu => Op.Divu, Op.Remw => Op.Divw, Op.Remuw => Op.Divuw, _ => null,
    };

    /// <summary>The shared probe that access <paramref name="index"/> uses, if it is in a group.</summary>
    public ProbeGroup? ProbeGroupAt(int index) => probeGroups?.GetValueOrDefault(index);

    public static BlockIdioms Scan(IReadOnlyList<Instruction> code)
    {
        var facts = new BlockIdioms();
        Span<int> lastDef = stackalloc int[32];
        lastDef.Fill(-1);
        uint signExtended = 1; // bit r: x[r] holds a sign-extended 32-bit value (x0 always does)
        var groups = new ProbeGrouper(facts);
        List<Instruction>? divisions = null; // divisions whose operands and quotient are unchanged so far
        for (int k = 0; k < code.Count; k++)
        {
            Instruction ins = code[k];
            groups.Access(k, ins);
            if (divisions is not null && DivisionOf(ins.Op) is { } division)
                foreach (var div in divisions)
                    if (div.Op == division && div.Rs1 == ins.Rs1 && div.Rs2 == ins.Rs2) { (facts.quotients ??= new())[k] = div.Rd; break; }

            if (ins.Op == Op.Addiw && ins.Imm == 0 && Known(signExtended, ins.Rs1)) (facts.redundantSext ??= []).Add(k);
            Rotate? rotate = FindRotate(code, lastDef, k);
            if (rotate is not null) (facts.rotates ??= new())[k] = rotate;

            if ((OperandUse.Of(ins.Op) & RegisterUse.IntRd) == 0 || ins.Rd == 0) continue;
            if (divisions is not null)
                for (int d = divisions.Count - 1; d >= 0; d--)
                    if (divisions[d].Rs1 == ins.Rd || divisions[d].Rs2 == ins.Rd || divisions[d].Rd == ins.Rd) divisions.RemoveAt(d);
            if (ins.Op is Op.Div or Op.Divu or Op.Divw or Op.Divuw && ins.Rd != ins.Rs1 && ins.Rd != ins.Rs2) (divisions ??= []).Add(ins);
            if (ins.Op == Op.Addi && ins.Rs1 == ins.Rd) groups.Moved(ins.Rd, ins.Imm);
            else groups.Written(ins.Rd);
            lastDef[ins.Rd] = k;
            bool result = rotate is { Word: true } || ResultSignExtended(in ins, signExtended);
            if (result) signExtended |= 1u << ins.Rd;
            else signExtended &= ~(1u << ins.Rd);
        }
        groups.CloseAll();
        return facts;
    }

    private static bool Known(uint signExtended, int r) => (signExtended & (1u << r)) != 0;

    /// <summary>Whether <paramref name="ins"/> leaves a sign-extended 32-bit value in its destination.</summary>
    private static bool ResultSignExtended(in Instruction ins, uint signExtended)
    {
        bool Known(int r) => BlockIdioms.Known(signExtended, r);
        return ins.Op switch
            {
                Op.Addiw or Op.Addw or Op.Subw or Op.Mulw or Op.Slliw or Op.Srliw or Op.Sraiw or Op.Sllw or Op.Srlw
                    or Op.Sraw or Op.Divw or Op.Divuw or Op.Remw or Op.Remuw => true,
                Op.Lb or Op.Lh or Op.Lw or Op.Lbu or Op.Lhu => true,
                Op.Lui or Op.Slt or Op.Sltu or Op.Slti or Op.Sltiu => true,
                Op.Addi => ins.Rs1 == 0 || (ins.Imm == 0 && Known(ins.Rs1)), // li, mv
                Op.Andi => ins.Imm >= 0 || Known(ins.Rs1),
                Op.Ori or Op.Xori => Known(ins.Rs1),                          // the immediate is sign-extended
                Op.And or Op.Or or Op.Xor or Op.Min or Op.Max or Op.Minu or Op.Maxu => Known(ins.Rs1) && Known(ins.Rs2),
                Op.Srli => ins.Imm >= 33,
                Op.Srai => ins.Imm >= 32,
                Op.SextB or Op.SextH or Op.ZextH or Op.Clz or Op.Ctz or Op.Cpop or Op.Clzw or Op.Ctzw or Op.Cpopw => true,
                _ => false,
            };
    }

    /// <summary>Collects probe groups while the block is scanned: one open group per base register.</summary>
    private sealed class ProbeGrouper(BlockIdioms into)
    {
        private sealed class OpenGroup(int first, long low, long high, bool store)
        {
            public readonly List<int> Members = [first];
            public long Low = low, High = high; // the window [Low, High) of offsets from the base's value at the first access
            public long Shift;                  // the base's value now less its value at the first access
            public bool Loads = !store, Stores = store;
        }

        private readonly OpenGroup?[] open = new OpenGroup?[32]; // by base register

        public void Access(int k, in Instruction ins)
        {
            var operands = InstructionTable.Get(ins.Op).Operands;
            bool store = operands is Operands.Store or Operands.FStore;
            if (!store && (operands is not (Operands.Load or Operands.FLoad) || ins.Op == Op.Jalr)) return;
            if (ins.Rs1 == 0) return;
            int size = InstructionTable.Get(ins.Op).AccessBytes;
            if (open[ins.Rs1] is { } group)
            {
                long low = ins.Imm + group.Shift, high = low + size;
                long groupLow = Math.Min(group.Low, low), groupHigh = Math.Max(group.High, high);
                if (groupHigh - groupLow <= MaxProbeWindow)
                {
                    group.Members.Add(k);
                    (group.Low, group.High) = (groupLow, groupHigh);
                    group.Loads |= !store;
                    group.Stores |= store;
                    return;
                }
                Close(ins.Rs1);
            }
            open[ins.Rs1] = new OpenGroup(k, ins.Imm, ins.Imm + size, store);
        }

        /// <summary>Register r changes: a group based on it ends (after the access that wrote it, if one did).</summary>
        public void Written(int r) => Close(r);

        /// <summary>Register r changes by <paramref name="delta"/> (<c>addi r, r, delta</c>): its group goes on.</summary>
        public void Moved(int r, long delta)
        {
            if (open[r] is { } group) group.Shift += delta;
        }

        public void CloseAll()
        {
            for (int r = 1; r < open.Length; r++) Close(r);
        }

        private void Close(int r)
        {
            if (open[r] is not { } g) return;
            open[r] = null;
            if (g.Members.Count < (g.Loads && g.Stores ? MinMixedProbeGroup : MinProbeGroup)) return;
            var group = new ProbeGroup(g.Members[0], r, g.Stores, g.Low, g.High - g.Low);
            into.probeGroups ??= new();
            foreach (int k in g.Members) into.probeGroups[k] = group;
        }
    }

    /// <summary>Instruction k as the or (xor, add: the shifted parts share no bits) of a left and a logical right
    /// shift of one value by amounts that add up to the width.</summary>
    private static Rotate? FindRotate(IReadOnlyList<Instruction> code, ReadOnlySpan<int> lastDef, int k)
    {
        Instruction ins = code[k];
        if (ins.Op is not (Op.Or or Op.Xor or Op.Add or Op.Addw)) return null;
        if (ins.Rs1 == 0 || ins.Rs2 == 0 || ins.Rs1 == ins.Rs2) return null;
        int a = lastDef[ins.Rs1], b = lastDef[ins.Rs2];
        if (a < 0 || b < 0) return null;
        return Match(code, a, b, ins.Op) ?? Match(code, b, a, ins.Op);
    }

    private static Rotate? Match(IReadOnlyList<Instruction> code, int left, int right, Op combine)
    {
        Instruction l = code[left], r = code[right];
        bool word;
        if (l.Op == Op.Slliw && r.Op == Op.Srliw && l.Imm + r.Imm == 32) word = true;
        else if (l.Op == Op.Slli && r.Op == Op.Srli && l.Imm + r.Imm == 64 && combine != Op.Addw) word = false;
        else return null;
        if (l.Rs1 != r.Rs1 || l.Rs1 == 0 || l.Imm == 0 || r.Imm == 0) return null;
        // Both shifts must read the same value: nothing from the first up to the second writes the source.
        int first = Math.Min(left, right), second = Math.Max(left, right);
        for (int t = first; t < second; t++)
            if ((OperandUse.Of(code[t].Op) & RegisterUse.IntRd) != 0 && code[t].Rd == l.Rs1) return null;
        return new Rotate(first, l.Rs1, (int)l.Imm, word);
    }
}
