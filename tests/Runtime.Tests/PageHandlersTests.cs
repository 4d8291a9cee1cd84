// PhysicalMemory's page events keep their handlers in a list (no multicast stub for the runtime to JIT-compile).
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Tests;

public class PageHandlersTests
{
    /// <summary>As a multicast event: every handler in the order added, a handler added twice runs twice, and a
    /// removal takes one registration (the last).</summary>
    [Fact]
    public void Handlers_run_in_order_and_are_removed_one_registration_at_a_time()
    {
        var calls = new List<string>();
        Action<ulong> a = pa => calls.Add($"a{pa:x}"), b = pa => calls.Add($"b{pa:x}");
        var handlers = new PageHandlers();
        handlers.Add(a);
        handlers.Add(b);
        handlers.Add(a);
        handlers.Raise(0x1000);
        Assert.Equal(["a1000", "b1000", "a1000"], calls);
        calls.Clear();
        handlers.Remove(a);
        handlers.Remove(_ => { }); // never added: nothing happens
        handlers.Raise(0x2000);
        Assert.Equal(["a2000", "b2000"], calls);
    }

    /// <summary>Both of RAM's page events reach every subscriber: a store to a code page tells the decode and the
    /// translation caches alike.</summary>
    [Fact]
    public void A_store_to_a_code_page_reaches_every_subscriber()
    {
        using var ram = new PhysicalMemory(0x8000_0000, 1 << 20);
        int first = 0, second = 0;
        ram.CodePageWritten += _ => first++;
        ram.CodePageWritten += _ => second++;
        ram.MarkCode(0x8000_1000);
        ram.NoteStore(0x8000_1008, 8);
        Assert.Equal((1, 1), (first, second));
        ram.NoteStore(0x8000_1008, 8); // no longer code: nobody is told again
        Assert.Equal((1, 1), (first, second));
    }
}
