// The virt machine's console input: host stdin to the UART, in raw mode when stdin is a terminal, with
// QEMU's escape: Ctrl-A x quits, Ctrl-A Ctrl-A sends one Ctrl-A.
using System.Diagnostics;

namespace RvJit.Cli;

/// <summary>QEMU's console multiplexer escapes (only Ctrl-A x and Ctrl-A Ctrl-A; other pairs pass through).</summary>
internal sealed class ConsoleEscape(Action<byte> deliver, Action quit)
{
    public const byte CtrlA = 0x01;
    private bool escaped;

    public void Feed(byte b)
    {
        if (escaped)
        {
            escaped = false;
            if (b == (byte)'x') { quit(); return; }
            if (b == CtrlA) { deliver(CtrlA); return; }
            deliver(CtrlA);
            deliver(b);
            return;
        }
        if (b == CtrlA) escaped = true;
        else deliver(b);
    }
}

/// <summary>Pumps stdin into the machine on a background thread; restores the terminal when disposed.</summary>
internal sealed class ConsoleInput : IDisposable
{
    private readonly string? savedTerminal;

    public ConsoleInput(Action<byte> deliver, Action quit)
    {
        if (!Console.IsInputRedirected)
        {
            savedTerminal = Stty("-g")?.Trim();
            Stty("raw -echo");
        }
        var escape = new ConsoleEscape(deliver, quit);
        var thread = new Thread(() =>
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            int n;
            while ((n = stdin.Read(buffer)) > 0)
                for (int i = 0; i < n; i++) escape.Feed(buffer[i]);
        }) { IsBackground = true, Name = "console input" };
        thread.Start();
    }

    public void Dispose()
    {
        if (savedTerminal is { Length: > 0 }) Stty(savedTerminal);
    }

    // stty on the controlling terminal (stdin is inherited); null if it cannot run.
    private static string? Stty(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("stty", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(start);
            if (p is null) return null;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
