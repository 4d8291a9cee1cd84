namespace RvJit.Runtime.Elf;

/// <summary>A file that is not a loadable RISC-V ELF; the message is one line meant for the user.</summary>
public sealed class ElfFormatException(string message) : Exception(message);
