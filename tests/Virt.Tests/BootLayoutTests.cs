// Where the virt board puts things at reset, as QEMU does: firmware at RAM's base, the kernel at the next
// 2 MiB boundary (raw images) or its own addresses (ELF), the initrd at kernel + min(RAM/2, 128 MiB), the
// DTB at the top of RAM aligned down to 2 MiB, and a0/a1/a2 = hart id, DTB, fw_dynamic_info in the mrom.
using RvJit.Runtime.DeviceTree;
using RvJit.Runtime.Machines;

namespace RvJit.Virt.Tests;

public class BootLayoutTests
{
    private static string TempFile(byte[] contents)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rvjit-virt-{Guid.NewGuid():N}");
        File.WriteAllBytes(path, contents);
        return path;
    }

    [Fact]
    public void RawFirmwareKernelInitrdAndDtbGoWhereQemuPutsThem()
    {
        byte[] firmware = [.. Enumerable.Range(0, 0x1234).Select(i => (byte)i)];
        byte[] kernel = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] initrd = [.. Enumerable.Range(0, 10000).Select(i => (byte)(i * 7))];
        string fw = TempFile(firmware), k = TempFile(kernel), rd = TempFile(initrd);
        try
        {
            using var m = new VirtMachine(new VirtOptions
            {
                Harts = 2, Bios = fw, Kernel = k, Initrd = rd, Append = "console=ttyS0",
                Machine = new MachineOptions { RamSize = 128UL << 20 },
            });
            Assert.Equal(firmware, m.Ram.Span(0x8000_0000, firmware.Length).ToArray());
            Assert.Equal(0x8020_0000UL, m.KernelEntry);
            Assert.Equal(kernel, m.Ram.Span(0x8020_0000, kernel.Length).ToArray());
            Assert.Equal(initrd, m.Ram.Span(0x8420_0000, initrd.Length).ToArray()); // kernel + 64 MiB
            Assert.Equal(0x87e0_0000UL, m.DtbAddress);
            Assert.Equal(m.Dtb, m.Ram.Span(m.DtbAddress, m.Dtb.Length).ToArray());
            var chosen = FdtReader.Parse(m.Dtb, out _).Find("/chosen")!;
            Assert.Equal([0u, 0x8420_0000u], chosen.Cells("linux,initrd-start"));
            Assert.Equal([0u, 0x8420_0000u + 10000], chosen.Cells("linux,initrd-end"));

            foreach (var h in m.Harts)
            {
                Assert.Equal(0x8000_0000UL, h.Pc);
                Assert.Equal(h.HartId, h.GetX(10));
                Assert.Equal(m.DtbAddress, h.GetX(11));
                Assert.Equal(VirtBoard.FwDynamicInfo, h.GetX(12));
                Assert.Equal(RvJit.Runtime.Hart.Privilege.Machine, h.Privilege);
            }
            // fw_dynamic_info: magic, version 2, next_addr, next_mode S, options, boot_hart.
            ulong[] info = [.. Enumerable.Range(0, 6).Select(i => { Assert.True(m.Bus.Read(VirtBoard.FwDynamicInfo + 8 * (ulong)i, 8, out ulong v)); return v; })];
            Assert.Equal([0x4942534fUL, 2, 0x8020_0000, 1, 0, 0], info);
            Assert.True(m.Bus.Read(VirtBoard.ResetFdtAddress, 8, out ulong dtb));
            Assert.Equal(m.DtbAddress, dtb);
            Assert.True(m.Bus.Read(VirtBoard.MromBase, 4, out ulong first));
            Assert.Equal(0x00000297UL, first); // auipc t0, 0
            Assert.False(m.Bus.Write(VirtBoard.MromBase, 4, 0)); // read-only
        }
        finally
        {
            File.Delete(fw); File.Delete(k); File.Delete(rd);
        }
    }

    [Fact]
    public void WithoutFirmwareTheHartsStartAtTheKernelAndLargeRamKeepsTheDtbBelow3GiB()
    {
        using var m = new VirtMachine(new VirtOptions
        {
            Kernel = GuestBuild.DeviceProgram("test_status"),
            Machine = new MachineOptions { RamSize = 2UL << 30 },
        });
        Assert.Equal(0x8000_0000UL, m.StartAddress);
        Assert.Equal(0x8000_0000UL, m.Harts[0].Pc);
        Assert.Equal(0xBFE0_0000UL, m.DtbAddress);
    }

    [OpenSbiTheory]
    [InlineData("jit")]
    public void RawPayloadImageRunsUnderFwJump(string engine)
    {
        string elf = GuestBuild.SbiPayload(1);
        string bin = elf + ".bin";
        var psi = new System.Diagnostics.ProcessStartInfo("riscv64-unknown-elf-objcopy") { UseShellExecute = false };
        foreach (var a in new[] { "-O", "binary", elf, bin }) psi.ArgumentList.Add(a);
        using (var p = System.Diagnostics.Process.Start(psi)!) { p.WaitForExit(); Assert.Equal(0, p.ExitCode); }
        using var run = new VirtRun(engine, 1, OpenSbiBootTests.FwJump, bin);
        var outcome = run.Finish();
        Assert.Equal(StopReason.PowerOff, outcome.Reason);
        Assert.EndsWith("payload: timer interrupt after the deadline\r\npayload: powering off\r\n", run.Output); // OpenSBI sends CR LF
    }
}
