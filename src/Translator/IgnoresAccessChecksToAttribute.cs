namespace System.Runtime.CompilerServices;

/// <summary>
/// Lets the assembly it is applied to read the named assembly's internal members. The runtime recognises it
/// by name (the BCL does not ship it); applied to the collectible assemblies of quick-tier regions
/// (<see cref="RvJit.Translator.Emit.RegionMethod"/>), which read the jump cache's internal arrays as the
/// optimised tier's dynamic methods do.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
