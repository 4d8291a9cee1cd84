namespace RvJit.Runtime.Isa;

/// <summary>The ISA extension an instruction belongs to (one per table row).</summary>
public enum Extension : byte
{
    I, M, A, F, D, C, Zicsr, Zifencei, Zba, Zbb, Zbs,
    /// <summary>Privileged instructions (mret, sret, wfi, sfence.vma).</summary>
    Priv,
    /// <summary>Carry-less multiplication (clmul, clmulh, clmulr).</summary>
    Zbc,
    /// <summary>Carry-less multiplication for cryptography (clmul, clmulh: rows of <see cref="Zbc"/> also in it).</summary>
    Zbkc,
    /// <summary>Bit manipulation for cryptography: pack, packh, packw, brev8 (and Zbb rows it shares).</summary>
    Zbkb,
    /// <summary>Crossbar permutations (xperm4, xperm8).</summary>
    Zbkx,
    /// <summary>Integer conditional operations (czero.eqz, czero.nez).</summary>
    Zicond,
    /// <summary>The pause hint.</summary>
    Zihintpause,
    /// <summary>Half-precision floating point: arithmetic, compares, conversions to and from integers.</summary>
    Zfh,
    /// <summary>Minimal half precision: flh, fsh, fmv.x.h, fmv.h.x and conversions to and from S and D (also in Zfh).</summary>
    Zfhmin,

    // ---- Cache-block operations (Zicbom, Zicboz, Zicbop; Zicbop's prefetches are ori hints without rows) ----
    Zicbom, Zicboz, Zicbop,
}

/// <summary>Groups of extensions that engines treat alike.</summary>
public static class ExtensionGroups
{
    /// <summary>Floating point: instructions that use the FP registers, fcsr and mstatus.FS.</summary>
    public static bool IsFloatingPoint(this Extension extension) =>
        extension is Extension.F or Extension.D or Extension.Zfh or Extension.Zfhmin;
}
