namespace RvJit.Runtime.Hart;

/// <summary>RISC-V privilege levels, encoded as in mstatus.MPP.</summary>
public enum Privilege : byte { User = 0, Supervisor = 1, Machine = 3 }
