// Sending signals, delivering them on the way back to user mode (handler frames), rt_sigreturn, fatal faults.
using System.Runtime.InteropServices;
using RvJit.Kernel.Syscalls;
using RvJit.Kernel.Tasks;
using RvJit.Runtime.Hart;

namespace RvJit.Kernel;

using RvJit.Kernel.Signals;

public sealed unsafe partial class LinuxKernel
{
    // struct rt_sigframe { siginfo_t info (128); struct ucontext uc; }: ucontext has uc_flags, uc_link,
    // uc_stack (24 bytes), uc_sigmask (8 + 120 reserved), then uc_mcontext at +176 (16-aligned): 32 gregs
    // (pc first, then x1..x31) and the FP state (f0..f31, fcsr; 528 bytes for the Q-sized union).
    /// <summary>riscv64's restart_syscall, which a restart block's thread calls when no handler ran.</summary>
    private const ulong RestartSyscallNumber = 128;

    private const int FrameUcontext = 128, UcStack = 16, UcSigmask = 40, UcMcontext = 176;
    private const int FrameGregs = FrameUcontext + UcMcontext, FrameFpregs = FrameGregs + 256, FrameSize = FrameFpregs + 528;

    /// <summary>True when a signal is pending that the thread does not block (so waits are interrupted).
    /// An ignored signal that was queued while blocked does not count: delivery drops it, and Linux restarts
    /// what it interrupted.</summary>
    public bool HasDeliverableSignal(UserThread thread)
    {
        ulong deliverable = (thread.PendingSignals.Mask | thread.Process.PendingSignals.Mask) & ~(thread.SignalMask & ~Signals.Signals.Unblockable);
        for (; deliverable != 0; deliverable &= deliverable - 1)
        {
            if (!thread.Process.SignalActions.IsIgnored(System.Numerics.BitOperations.TrailingZeroCount(deliverable) + 1)) return true;
        }
        return false;
    }

    /// <summary>
    /// kill(), sigqueue(): a process-directed signal. False when the signal could not be queued (a real-time
    /// signal with the sender's own siginfo over RLIMIT_SIGPENDING: EAGAIN).
    /// </summary>
    public bool SendSignal(Process process, int signal, SignalInfo? info = null)
    {
        if (signal <= 0 || signal > Signals.Signals.Count || process.State != ProcessState.Running || process.Exiting) return true;
        if (process.HostProcessId != 0) { Fs.Host.LibC.Kill(process.HostProcessId, signal); return true; }
        if (signal == (int)Signal.SIGKILL) { KillProcess(process, WaitStatus.Killed(signal)); return true; }
        // Linux's sig_ignored: a signal the target blocks is queued even when ignored (for sigwait, signalfd).
        if (process.SignalActions.IsIgnored(signal) && !Blocks(process.MainThread, signal)) return true;
        if (!process.PendingSignals.Add(info ?? new SignalInfo(signal, SignalCodes.Kernel), SignalQueueLimit(process))) return false;
        process.SignalQueued.WakeAll();
        foreach (var t in process.Threads)
        {
            if ((t.SignalMask & Signals.Signals.Bit(signal)) != 0) continue;
            t.Interrupt();
            break;
        }
        return true;
    }

    /// <summary>tgkill(), rt_tgsigqueueinfo() and synchronous signals (SIGPIPE): a thread-directed signal.</summary>
    public bool SendSignal(UserThread thread, int signal, SignalInfo? info = null)
    {
        var process = thread.Process;
        if (signal <= 0 || signal > Signals.Signals.Count || process.State != ProcessState.Running || process.Exiting) return true;
        if (signal == (int)Signal.SIGKILL) { KillProcess(process, WaitStatus.Killed(signal)); return true; }
        if (process.SignalActions.IsIgnored(signal) && !Blocks(thread, signal)) return true;
        if (!thread.PendingSignals.Add(info ?? new SignalInfo(signal, SignalCodes.Tkill, process.Pid, Credentials.Uid), SignalQueueLimit(process)))
            return false;
        process.SignalQueued.WakeAll();
        if ((thread.SignalMask & Signals.Signals.Bit(signal)) == 0) thread.Interrupt();
        return true;
    }

    private static bool Blocks(UserThread? thread, int signal) => thread is not null && (thread.SignalMask & Signals.Signals.Bit(signal)) != 0;

    // Linux counts queued siginfos per user; here per queue, against the receiver's RLIMIT_SIGPENDING.
    private static int SignalQueueLimit(Process process) => (int)Math.Min(process.Limits[Resource.SigPending].Soft, int.MaxValue);

    /// <summary>
    /// Takes the signal to handle next from <paramref name="allowed"/>: the thread's own pending signals
    /// first, then the process's, lowest number first within each (Linux's dequeue_signal). 0: none.
    /// </summary>
    public static int TakeSignal(UserThread thread, ulong allowed, out SignalInfo info)
    {
        // Two calls, not a loop over a span of both queues: the span's inline array was JIT-compiled in every run.
        int sig = TakeFrom(thread.PendingSignals, allowed, out info);
        return sig != 0 ? sig : TakeFrom(thread.Process.PendingSignals, allowed, out info);
    }

    private static int TakeFrom(SignalQueue queue, ulong allowed, out SignalInfo info)
    {
        info = default;
        int sig = queue.Next(allowed);
        if (sig != 0) info = queue.Take(sig);
        return sig;
    }

    /// <summary>
    /// A fault raised by an instruction: delivered to the guest's handler if it has one and does not block
    /// the signal; otherwise the process dies of it, with a one-line report naming the pc and address.
    /// </summary>
    public RvJit.Kernel.Executor.ControlFlow RaiseFault(UserThread thread, Signal signal, int code, ulong address, string what)
    {
        // Under a debugger the thread stops first; gdb's continue decides whether the signal comes (ThreadLoop).
        if (Debugger?.StopForFault(thread, signal, code, address, what) == true) return RvJit.Kernel.Executor.ControlFlow.Continue;
        return DeliverFault(thread, signal, code, address, what);
    }

    /// <summary><see cref="RaiseFault"/> past the debugger: the handler's frame, or the process dies.</summary>
    public RvJit.Kernel.Executor.ControlFlow DeliverFault(UserThread thread, Signal signal, int code, ulong address, string what)
    {
        var process = thread.Process;
        int sig = (int)signal;
        ulong handler = process.SignalActions[sig].Handler;
        bool blocked = (thread.SignalMask & Signals.Signals.Bit(sig)) != 0;
        if (handler > SignalAction.Ignore && !blocked)
        {
            thread.PendingSignals.Add(new SignalInfo(sig, code, Address: address), int.MaxValue);
            return RvJit.Kernel.Executor.ControlFlow.Continue;
        }
        Warn($"{process.Name}: {Signals.Signals.Name(sig)} ({what}) at pc 0x{thread.Pc:x}, address 0x{address:x} (pid {process.Pid})");
        KillProcess(process, WaitStatus.Killed(sig, Signals.Signals.DefaultActionOf(sig) == DefaultAction.CoreDump));
        return RvJit.Kernel.Executor.ControlFlow.Exit;
    }

    /// <summary>Delivers the next pending unblocked signal: its default action, or a frame for its handler.</summary>
    public void DeliverSignals(UserThread thread)
    {
        var process = thread.Process;
        while (true)
        {
            ulong blockedMask = thread.SignalMask & ~Signals.Signals.Unblockable;
            int sig = TakeSignal(thread, ~blockedMask, out var info);
            if (sig == 0)
            {
                // A system call interrupted for a signal that no handler took (ignored when it came, as a process
                // signal the main thread blocks; or taken by another thread) goes on, as Linux restarts ERESTARTSYS,
                // ERESTARTNOHAND and restart blocks when no handler runs: a read, a poll or a sleep must not fail
                // with EINTR for a SIGWINCH nobody handles.
                if (thread.InterruptedRestart != SyscallRestart.None)
                {
                    thread.Context->Pc -= 4;
                    thread.Context->X[10] = thread.SyscallFirstArgument;
                    if (thread.InterruptedRestart == SyscallRestart.Block) thread.Context->X[17] = RestartSyscallNumber;
                }
                thread.InterruptedRestart = SyscallRestart.None;
                if (thread.MaskToRestore is { } m) { thread.SignalMask = m; thread.MaskToRestore = null; }
                return;
            }

            ref SignalAction action = ref process.SignalActions[sig];
            if (action.Handler == SignalAction.Ignore) continue;
            if (action.Handler == SignalAction.Default)
            {
                var d = Signals.Signals.DefaultActionOf(sig);
                if (d is DefaultAction.Ignore or DefaultAction.Continue or DefaultAction.Stop) continue;
                KillProcess(process, WaitStatus.Killed(sig, d == DefaultAction.CoreDump));
                return;
            }
            var taken = action;
            if ((action.Flags & SignalAction.SaResetHand) != 0) action = default;
            if (!PushSignalFrame(thread, sig, taken, info))
            {
                Warn($"{process.Name}: cannot deliver {Signals.Signals.Name(sig)}: bad signal stack (pid {process.Pid})");
                KillProcess(process, WaitStatus.Killed((int)Signal.SIGSEGV, true));
            }
            return;
        }
    }

    private bool PushSignalFrame(UserThread thread, int sig, SignalAction action, SignalInfo info)
    {
        CpuState* c = thread.Context;
        // A system call the signal interrupted is restarted after the handler if it asked for SA_RESTART.
        if (thread.InterruptedRestart != SyscallRestart.None)
        {
            bool restart = thread.InterruptedRestart == SyscallRestart.Always && (action.Flags & SignalAction.SaRestart) != 0;
            thread.InterruptedRestart = SyscallRestart.None;
            thread.RestartBlock = null;
            if (restart)
            {
                c->Pc -= 4;
                c->X[10] = thread.SyscallFirstArgument;
            }
        }

        ulong sp = c->X[2];
        bool onAltStack = thread.AltStackFlags == 0 && sp - thread.AltStackBase < thread.AltStackSize;
        if ((action.Flags & SignalAction.SaOnStack) != 0 && thread.AltStackFlags == 0 && !onAltStack)
            sp = thread.AltStackBase + thread.AltStackSize;
        ulong frame = (sp - FrameSize) & ~15UL;

        var bytes = new byte[FrameSize];
        var s = bytes.AsSpan();
        info.ToBytes().CopyTo(s);
        MemoryMarshal.Write(s[(FrameUcontext + UcStack)..], thread.AltStackBase);
        MemoryMarshal.Write(s[(FrameUcontext + UcStack + 8)..], thread.AltStackFlags | (onAltStack ? 1 : 0));
        MemoryMarshal.Write(s[(FrameUcontext + UcStack + 16)..], thread.AltStackSize);
        MemoryMarshal.Write(s[(FrameUcontext + UcSigmask)..], thread.MaskToRestore ?? thread.SignalMask);
        thread.MaskToRestore = null;
        MemoryMarshal.Write(s[FrameGregs..], c->Pc);
        for (int i = 1; i < 32; i++) MemoryMarshal.Write(s[(FrameGregs + 8 * i)..], c->X[i]);
        for (int i = 0; i < 32; i++) MemoryMarshal.Write(s[(FrameFpregs + 8 * i)..], c->F[i]);
        MemoryMarshal.Write(s[(FrameFpregs + 256)..], (c->Frm << 5) | c->Fflags);
        if (thread.Process.Space.Memory.Write(frame, bytes) != Errno.Success) return false;

        thread.SignalMask |= action.Mask;
        if ((action.Flags & SignalAction.SaNodefer) == 0) thread.SignalMask |= Signals.Signals.Bit(sig);
        thread.SignalMask &= ~Signals.Signals.Unblockable;
        c->X[1] = thread.Process.SignalTrampoline;
        c->X[2] = frame;
        c->X[10] = (ulong)sig;
        c->X[11] = frame;
        c->X[12] = frame + FrameUcontext;
        c->Pc = action.Handler;
        return true;
    }

    /// <summary>rt_sigreturn: restores the registers and mask saved in the frame at sp. False: bad frame.</summary>
    internal bool ReturnFromSignal(UserThread thread)
    {
        CpuState* c = thread.Context;
        ulong frame = c->X[2];
        var bytes = new byte[FrameSize];
        if (thread.Process.Space.Memory.Read(frame, bytes) != Errno.Success) return false;
        var s = (ReadOnlySpan<byte>)bytes;
        c->Pc = MemoryMarshal.Read<ulong>(s[FrameGregs..]);
        for (int i = 1; i < 32; i++) c->X[i] = MemoryMarshal.Read<ulong>(s[(FrameGregs + 8 * i)..]);
        for (int i = 0; i < 32; i++) c->F[i] = MemoryMarshal.Read<ulong>(s[(FrameFpregs + 8 * i)..]);
        uint fcsr = MemoryMarshal.Read<uint>(s[(FrameFpregs + 256)..]);
        c->Fflags = fcsr & 0x1f;
        c->Frm = (fcsr >> 5) & 7;
        thread.SignalMask = MemoryMarshal.Read<ulong>(s[(FrameUcontext + UcSigmask)..]) & ~Signals.Signals.Unblockable;
        return true;
    }
}
