// RISC-V accrued floating-point exception flags (the fflags CSR bits) raised by the F/D semantics.
namespace RvJit.Runtime.Semantics;

/// <summary>Bits of the fflags CSR. <see cref="FloatOps"/> ORs these into a caller-owned accumulator.</summary>
public static class FFlags
{
    /// <summary>Inexact.</summary>
    public const uint NX = 1;
    /// <summary>Underflow (tiny after rounding and inexact).</summary>
    public const uint UF = 2;
    /// <summary>Overflow (always raised together with <see cref="NX"/>).</summary>
    public const uint OF = 4;
    /// <summary>Divide by zero.</summary>
    public const uint DZ = 8;
    /// <summary>Invalid operation.</summary>
    public const uint NV = 16;
    /// <summary>All five flags (the writable bits of fflags).</summary>
    public const uint All = 31;
}
