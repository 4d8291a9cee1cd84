using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Hart;
using RvJit.Translator.Emit;

namespace RvJit.Translator.Tests;

/// <summary>
/// Optimised regions are written with rvjit's own IL writer (<see cref="RegionIlGenerator"/>) instead of the runtime's
/// IL generator: for the same region both must give the same IL bytes and locals, and a maximum stack depth no larger.
/// Regions of random programs (every instruction family, forward branches, small loops) in both shapes, with tokens
/// from one module so the bytes can be compared.
/// </summary>
public sealed unsafe class RegionIlGeneratorTests
{
    private sealed class ModuleTokens(ModuleBuilder module) : RegionIlGenerator.ITokenScope
    {
        public int Token(MemberInfo member) =>
            member is FieldInfo f ? module.GetFieldMetadataToken(f) : module.GetMethodMetadataToken((MethodInfo)member);
        public ReadOnlySpan<byte> LocalType(Type type) => RegionIlGenerator.LocalTypeFrom(SignatureHelper.GetLocalVarSigHelper(module), type);

        /// <summary>The module's token for the signature the runtime's generator makes of the same types (calli's).</summary>
        public int SignatureToken(byte[] signature)
        {
            static Type TypeOf(byte element) => element switch
            {
                0x1C => typeof(object), 0x18 => typeof(nint), 0x0B => typeof(ulong), 0x0A => typeof(long),
                _ => throw new ArgumentException($"element {element:x2}"),
            };
            var helper = SignatureHelper.GetMethodSigHelper(module, CallingConventions.Standard, TypeOf(signature[2]));
            foreach (byte element in signature[3..]) helper.AddArgument(TypeOf(element));
            return module.GetSignatureMetadataToken(helper);
        }
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_writer_gives_the_runtime_generators_IL(int seed)
    {
        using var m = new UserModeMachine("interp");
        var code = RandomProgram.Generate(seed, 160);
        m.WriteCode(UserModeMachine.CodeBase, [.. code]);
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"il{seed}"), AssemblyBuilderAccess.RunAndCollect).DefineDynamicModule($"il{seed}");
        int compared = 0;
        for (int at = 0; at < code.Count * 4; at += 4 * 16)
        {
            var region = GuestRegion.Read(m.Ram, UserModeMachine.CodeBase + (ulong)at);
            foreach (bool optimised in new[] { true, false })
            {
                var type = module.DefineType($"r{compared}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
                var method = type.DefineMethod("m", MethodAttributes.Public | MethodAttributes.Static, typeof(long),
                    [typeof(BlockLinks), typeof(CpuState*), typeof(JitContext), typeof(ulong)]);
                BlockEmitter.EmitPortable(region, method.GetILGenerator(), optimised, out _);
                var mine = new RegionIlGenerator(new ModuleTokens(module), 64);
                BlockEmitter.EmitPortable(region, mine, optimised, out _);
                var (il, maxStack, _) = mine.Finish();

                var body = type.CreateType().GetMethod("m")!.GetMethodBody()!;
                Assert.Equal(body.GetILAsByteArray(), il);
                Assert.Equal(body.LocalVariables.Select(l => l.LocalType), mine.LocalTypes);
                Assert.InRange(maxStack, 1, body.MaxStackSize);
                compared++;
            }
        }
        Assert.True(compared >= 4);
    }
}
