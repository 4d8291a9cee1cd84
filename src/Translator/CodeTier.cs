namespace RvJit.Translator;

/// <summary>How a region is compiled: quickly for code that has turned warm, optimised for code that stays hot.</summary>
public enum CodeTier : byte
{
    /// <summary>RyuJIT's minopts; the code counts its entries and loop iterations and asks to be promoted.</summary>
    Quick,
    /// <summary>RyuJIT's full optimisation.</summary>
    Optimised,
}
