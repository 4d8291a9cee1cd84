// The DTB writer and the virt board's tree: read back with FdtReader, accepted by dtc, and shaped like
// the tree QEMU generates for its virt board (same nodes, addresses, interrupts and compatibles, apart
// from the pmu node rvjit does not write).
using System.Diagnostics;
using RvJit.Runtime.DeviceTree;

namespace RvJit.Virt.Tests;

public class DeviceTreeTests
{
    private static byte[] TwoHartTree() => VirtDeviceTree.Build(new VirtTreeSettings
    {
        Harts = 2, RamSize = 256UL << 20, Bootargs = "console=ttyS0 earlycon", Initrd = (0x8820_0000, 0x8830_0000),
    });

    [Fact]
    public void WriterRoundTripsNodesPropertiesAndReservations()
    {
        var w = new FdtWriter();
        w.AddReservation(0x8000_0000, 0x1000);
        w.BeginNode("");
        w.Cells("a", 1, 2);
        w.BeginNode("child@1");
        w.Strings("names", "x", "yz");
        w.Property("flag");
        w.EndNode();
        w.EndNode();
        byte[] blob = w.Finish();
        Assert.Equal(0, blob.Length % 4);
        var root = FdtReader.Parse(blob, out var reservations);
        Assert.Equal([(0x8000_0000UL, 0x1000UL)], reservations);
        Assert.Equal([1u, 2u], root.Cells("a"));
        var child = root.Find("/child@1")!;
        Assert.Equal(["x", "yz"], child.Strings("names"));
        Assert.Empty(child.Properties["flag"]);
        Assert.Throws<InvalidOperationException>(() => new FdtWriter().EndNode());
    }

    [Fact]
    public void VirtTreeDescribesHartsMemoryDevicesAndChosen()
    {
        var root = FdtReader.Parse(TwoHartTree(), out _);
        Assert.Equal(["riscv-virtio"], root.Strings("compatible"));
        Assert.Equal([10_000_000u], root.Find("/cpus")!.Cells("timebase-frequency"));
        foreach (int h in new[] { 0, 1 })
        {
            var cpu = root.Find($"/cpus/cpu@{h}")!;
            Assert.Equal([(uint)h], cpu.Cells("reg"));
            Assert.Equal(["rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"], cpu.Strings("riscv,isa"));
            Assert.Equal(["rv64i"], cpu.Strings("riscv,isa-base"));
            Assert.Contains("zicsr", cpu.Strings("riscv,isa-extensions"));
            Assert.Equal(["riscv,sv39"], cpu.Strings("mmu-type"));
            Assert.Equal(["riscv,cpu-intc"], cpu.Find("interrupt-controller")!.Strings("compatible"));
        }
        Assert.Null(root.Find("/cpus/cpu@2"));
        Assert.Equal([0u, 0x8000_0000u, 0u, 0x1000_0000u], root.Find("/memory@80000000")!.Cells("reg"));
        var chosen = root.Find("/chosen")!;
        Assert.Equal(["console=ttyS0 earlycon"], chosen.Strings("bootargs"));
        Assert.Equal(["/soc/serial@10000000"], chosen.Strings("stdout-path"));
        Assert.Equal([0u, 0x8820_0000u], chosen.Cells("linux,initrd-start"));
        Assert.Equal([0u, 0x8830_0000u], chosen.Cells("linux,initrd-end"));

        var plic = root.Find("/soc/plic@c000000")!;
        uint plicHandle = plic.Cells("phandle")[0];
        Assert.Equal([96u], plic.Cells("riscv,ndev"));
        uint intc0 = root.Find("/cpus/cpu@0/interrupt-controller")!.Cells("phandle")[0];
        uint intc1 = root.Find("/cpus/cpu@1/interrupt-controller")!.Cells("phandle")[0];
        Assert.Equal([intc0, 11u, intc0, 9u, intc1, 11u, intc1, 9u], plic.Cells("interrupts-extended"));
        Assert.Equal([intc0, 3u, intc0, 7u, intc1, 3u, intc1, 7u], root.Find("/soc/clint@2000000")!.Cells("interrupts-extended"));
        var uart = root.Find("/soc/serial@10000000")!;
        Assert.Equal([plicHandle], uart.Cells("interrupt-parent"));
        Assert.Equal([10u], uart.Cells("interrupts"));
        Assert.Equal([3_686_400u], uart.Cells("clock-frequency"));
        Assert.Equal([11u], root.Find("/soc/rtc@101000")!.Cells("interrupts"));
        Assert.Equal([8u], root.Find("/soc/virtio_mmio@10008000")!.Cells("interrupts"));
        uint test = root.Find("/soc/test@100000")!.Cells("phandle")[0];
        Assert.Equal([test], root.Find("/poweroff")!.Cells("regmap"));
        Assert.Equal([0x5555u], root.Find("/poweroff")!.Cells("value"));
        Assert.Equal([0x7777u], root.Find("/reboot")!.Cells("value"));
    }

    [Fact]
    public void DtcDecompilesTheTree()
    {
        string blob = Path.GetTempFileName();
        File.WriteAllBytes(blob, TwoHartTree());
        var (code, stdout, stderr) = Run("dtc", "-I", "dtb", "-O", "dts", blob);
        File.Delete(blob);
        Assert.True(code is not null, "dtc is needed (scripts/install-deps.sh installs device-tree-compiler)");
        Assert.True(code == 0, stderr);
        Assert.Contains("serial@10000000 {", stdout);
        Assert.Contains("riscv,isa = \"rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc\";", stdout);
        Assert.DoesNotContain("ERROR", stderr);
    }

    [Fact]
    public void TreeHasQemusShape()
    {
        string dump = Path.Combine(Path.GetTempPath(), $"rvjit-qemu-virt-{Environment.ProcessId}.dtb");
        var (code, _, stderr) = Run("qemu-system-riscv64", "-machine", $"virt,dumpdtb={dump}", "-smp", "2", "-m", "256M", "-nographic");
        Assert.True(code is not null, "qemu-system-riscv64 is needed (scripts/install-deps.sh installs qemu-system-misc)");
        Assert.True(code == 0, stderr);
        var qemu = FdtReader.Parse(File.ReadAllBytes(dump), out _);
        File.Delete(dump);
        var ours = FdtReader.Parse(TwoHartTree(), out _);

        string[] absent = ["pmu"];
        var qemuPaths = Paths(qemu).Where(p => !absent.Any(a => p.Contains(a, StringComparison.Ordinal))).ToHashSet();
        var ourPaths = Paths(ours).ToHashSet();
        Assert.Equal(qemuPaths.Order(), ourPaths.Order());

        string[] compared = ["reg", "interrupts", "compatible", "clock-frequency", "riscv,ndev", "value", "offset", "timebase-frequency",
            "#address-cells", "#size-cells", "#interrupt-cells", "device_type", "status", "stdout-path",
            "ranges", "bus-range", "linux,pci-domain", "interrupt-map-mask", "dma-coherent", "bank-width"];
        foreach (string path in qemuPaths)
        {
            FdtNode q = qemu.Find(path)!, o = ours.Find(path)!;
            foreach (string property in compared.Where(q.Properties.ContainsKey))
                Assert.True(o.Properties.TryGetValue(property, out var value) && value.AsSpan().SequenceEqual(q.Properties[property]),
                    $"{path}: {property} differs from QEMU's");
        }

        // The PCIe host's interrupt-map: QEMU's entries, each naming the PLIC by its own phandle.
        uint[] qemuMap = qemu.Find("/soc/pci@30000000")!.Cells("interrupt-map"), ourMap = ours.Find("/soc/pci@30000000")!.Cells("interrupt-map");
        uint qemuPlic = qemu.Find("/soc/plic@c000000")!.Cells("phandle")[0], ourPlic = ours.Find("/soc/plic@c000000")!.Cells("phandle")[0];
        Assert.Equal(qemuMap.Where((_, i) => i % 6 != 4), ourMap.Where((_, i) => i % 6 != 4));
        Assert.Equal(qemuMap.Where((_, i) => i % 6 == 4), Enumerable.Repeat(qemuPlic, 16));
        Assert.Equal(ourMap.Where((_, i) => i % 6 == 4), Enumerable.Repeat(ourPlic, 16));
    }

    private static IEnumerable<string> Paths(FdtNode node, string prefix = "")
    {
        foreach (var child in node.Children)
        {
            string path = prefix + "/" + child.Name;
            yield return path;
            foreach (string p in Paths(child, path)) yield return p;
        }
    }

    private static (int? Code, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr);
        }
        catch (System.ComponentModel.Win32Exception) { return (null, "", ""); }
    }
}
