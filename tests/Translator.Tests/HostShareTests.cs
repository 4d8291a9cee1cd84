namespace RvJit.Translator.Tests;

public class HostShareTests
{
    [Fact]
    public void Before_any_compile_the_host_is_not_contended()
    {
        var share = new HostShare();
        Assert.False(share.Contended);
        Assert.Equal(1.0, share.Share);
    }

    [Fact]
    public void Compiles_that_get_a_third_of_a_core_mean_a_contended_host()
    {
        var share = new HostShare();
        share.Record(300, 1000);
        Assert.True(share.Contended);
        Assert.Equal(0.3, share.Share, 3);
    }

    [Fact]
    public void One_slow_compile_among_compiles_with_a_core_of_their_own_does_not_tip_it()
    {
        var share = new HostShare();
        for (int i = 0; i < 8; i++) share.Record(1000, 1000);
        share.Record(100, 1000);
        Assert.False(share.Contended);
    }

    [Fact]
    public void Older_compiles_fade_so_the_host_turns_quiet_again()
    {
        var share = new HostShare();
        for (int i = 0; i < 8; i++) share.Record(200, 1000);
        Assert.True(share.Contended);
        for (int i = 0; i < 12; i++) share.Record(1000, 1000);
        Assert.False(share.Contended);
    }
}
