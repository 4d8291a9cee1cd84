using System.Runtime.InteropServices;

namespace RvJit.Runtime.Hart;

/// <summary>
/// The user-visible state of one hart context: integer and FP registers, pc, fcsr. It lives in native
/// memory at a fixed address so that the interpreter and generated code reach every field with a constant
/// offset from one pointer. A Linux guest thread owns one of these (its trap context); any host thread may
/// run it on a <see cref="Hart"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CpuState
{
    /// <summary>x0..x31; x0 is kept at zero by every writer.</summary>
    public fixed ulong X[32];
    /// <summary>Where the interpreter's decode cache points integer writes to x0 (X[32]), so x0 stays zero
    /// without a check per instruction. Never read.</summary>
    public ulong XSink;
    /// <summary>f0..f31 as raw 64-bit patterns (singles NaN-boxed).</summary>
    public fixed ulong F[32];
    public ulong Pc;
    /// <summary>Accrued FP exception flags (fflags, 5 bits).</summary>
    public uint Fflags;
    /// <summary>Dynamic rounding mode (frm, 3 bits).</summary>
    public uint Frm;

    /// <summary>Byte offsets of the fields, for code generators.</summary>
    public static readonly int OffsetOfX, OffsetOfF, OffsetOfPc, OffsetOfFflags, OffsetOfFrm;

    static CpuState()
    {
        CpuState probe = default;
        CpuState* p = &probe;
        OffsetOfX = (int)((byte*)p->X - (byte*)p);
        OffsetOfF = (int)((byte*)p->F - (byte*)p);
        OffsetOfPc = (int)((byte*)&p->Pc - (byte*)p);
        OffsetOfFflags = (int)((byte*)&p->Fflags - (byte*)p);
        OffsetOfFrm = (int)((byte*)&p->Frm - (byte*)p);
    }

    public static CpuState* Allocate()
    {
        var p = (CpuState*)NativeMemory.AlignedAlloc((nuint)sizeof(CpuState), 64);
        *p = default;
        return p;
    }

    public static void Free(CpuState* state) => NativeMemory.AlignedFree(state);
}
