// RISC-V rounding-mode encodings (instruction rm field and the frm CSR) used by the F/D semantics.
namespace RvJit.Runtime.Semantics;

/// <summary>
/// RISC-V rounding modes as encoded in an instruction's rm field and in the frm CSR.
/// <see cref="FloatOps"/> takes an already-resolved mode in 0..4; resolving <see cref="Dynamic"/> through frm and
/// rejecting the reserved encodings 5 and 6 is the caller's job.
/// </summary>
public static class RoundingMode
{
    /// <summary>Round to nearest, ties to even.</summary>
    public const int RNE = 0;
    /// <summary>Round towards zero.</summary>
    public const int RTZ = 1;
    /// <summary>Round down (towards negative infinity).</summary>
    public const int RDN = 2;
    /// <summary>Round up (towards positive infinity).</summary>
    public const int RUP = 3;
    /// <summary>Round to nearest, ties to max magnitude.</summary>
    public const int RMM = 4;
    /// <summary>The rm-field encoding meaning "use frm"; never a valid value for frm itself.</summary>
    public const int Dynamic = 7;

    /// <summary>True for the five modes <see cref="FloatOps"/> accepts (0..4).</summary>
    public static bool IsValid(int rm) => (uint)rm <= RMM;
}
