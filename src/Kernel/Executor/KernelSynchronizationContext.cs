// Routes `await` continuations of host tasks (file and terminal I/O) back onto the executor's queue.
namespace RvJit.Kernel.Executor;

/// <summary>
/// Installed on the executor thread while it runs: a guest thread that awaits a host <see cref="Task"/> is
/// resumed through <see cref="Post"/>, i.e. queued on the kernel's scheduler, never on a pool thread.
/// </summary>
internal sealed class KernelSynchronizationContext(IScheduler scheduler) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => scheduler.Schedule(() => d(state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("the kernel executor never runs work synchronously for other threads");

    public override SynchronizationContext CreateCopy() => this;
}
