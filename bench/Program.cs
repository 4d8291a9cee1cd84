using BenchmarkDotNet.Running;

namespace RvJit.Bench;

internal static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["compile-cost", ..]) { CompileCost.Run(args); return; }
        if (args is ["quick-transitions", ..]) { QuickTransitions.Run(args); return; }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

