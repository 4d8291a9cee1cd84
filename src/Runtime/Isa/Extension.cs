namespace RvJit.Runtime.Isa;

/// <summary>The ISA extension an instruction belongs to (one per table row).</summary>
public enum Extension : byte
{
    I, M, A, F, D, C, Zicsr, Zifencei, Zba, Zbb, Zbs,
    /// <summary>Privileged instructions (mret, sret, wfi, sfence.vma).</summary>
    Priv,

    // ---- Cache-block operations (Zicbom, Zicboz, Zicbop; Zicbop's prefetches are ori hints without rows) ----
    Zicbom, Zicboz, Zicbop,
}
