using System.Reflection;
using RvJit.Translator.Persist;

namespace RvJit.Translator.Tests;

/// <summary>
/// What keeps the translator's own code precompiled in the ReadyToRun publish. crossgen2 leaves any method that
/// touches a type of unstable ABI (<see cref="UInt128"/>, <see cref="Int128"/>, or a type holding one) to the JIT at run
/// time, and with it every caller whose signature names such a type: the persistent cache keyed by UInt128 cost ~110
/// JIT compiles at every start.
/// </summary>
public sealed class PrecompiledCodeTests
{
    private static bool Unstable(Type t) =>
        t == typeof(UInt128) || t == typeof(Int128)
        || (t.HasElementType && Unstable(t.GetElementType()!))
        || (t.IsGenericType && t.GetGenericArguments().Any(Unstable));

    [Fact]
    public void No_translator_type_holds_passes_or_keeps_a_128_bit_integer()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<string>();
        foreach (var type in typeof(JitEngine).Assembly.GetTypes())
        {
            foreach (var f in type.GetFields(all).Where(f => Unstable(f.FieldType))) found.Add($"{type}.{f.Name}");
            foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (m is MethodInfo mi && Unstable(mi.ReturnType)) found.Add($"{type}.{m.Name} returns");
                if (m.GetParameters().Any(p => Unstable(p.ParameterType))) found.Add($"{type}.{m.Name} parameter");
                if (m.GetMethodBody()?.LocalVariables.Any(l => Unstable(l.LocalType)) == true) found.Add($"{type}.{m.Name} local");
            }
        }
        Assert.Empty(found);
    }

    [Fact]
    public void A_hash_reads_and_writes_the_same_bytes_as_UInt128_did()
    {
        // Cache files written before the change stay readable: same bytes, same order, same directory names.
        byte[] bytes = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
        var hash = Hash128.From(bytes);
        UInt128 old = BitConverter.ToUInt128(bytes);
        Assert.Equal((ulong)old, hash.Low);
        Assert.Equal((ulong)(old >> 64), hash.High);
        Assert.Equal(bytes, hash.ToBytes());
        Assert.Equal($"{old:x32}", hash.ToString());
        Assert.Equal(hash, Hash128.From(hash.ToBytes()));
        Assert.NotEqual(hash, new Hash128(hash.Low, hash.High ^ 1));
    }
}
