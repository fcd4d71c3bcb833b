using System.Diagnostics;
using Cluster.Formats.Pipeline;

namespace Cluster.Formats.Tests.Pipeline;

public sealed class PrefetchTests
{
    [Fact]
    public async Task Prefetch_ConsumerStops_UpstreamStopsAtDepthPlusOne()
    {
        var upstream = new CountingStage<int>(new ListStage<int>([.. Enumerable.Range(0, 1000)]));
        await using var prefetch = upstream.Prefetch(depth: 3);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(await prefetch.MoveNextAsync());
            Assert.Equal(i, prefetch.Current);
        }

        // 5 taken, 3 waiting in the channel, 1 pulled and waiting for room: the producer must reach 9, then block there
        await WaitUntilAsync(() => upstream.Pulled >= 9, "the prefetch task to pull 9 items");
        await Task.Delay(200);
        Assert.Equal(9, upstream.Pulled);
    }

    [Fact]
    public async Task Prefetch_SaveState_IsTheConsumersPositionNotTheProducers()
    {
        await using var prefetch = new ListStage<int>([.. Enumerable.Range(0, 50)]).Prefetch(depth: 8);
        for (var i = 0; i < 10; i++)
        {
            await prefetch.MoveNextAsync();
        }

        var state = PipelineState.Parse(prefetch.SaveState().ToJsonString());
        await using var resumed = new ListStage<int>([.. Enumerable.Range(0, 50)]).Prefetch(depth: 8);
        resumed.RestoreState(state);

        Assert.Equal(Enumerable.Range(10, 40), await resumed.ToListAsync());
    }

    [Fact]
    public async Task Prefetch_UpstreamThrows_ConsumerGetsTheError()
    {
        await using var prefetch = new ListStage<int>([1, 2, 0, 4]).ParallelMap((x, _) => 10 / x, degree: 1).Prefetch(2);

        Assert.True(await prefetch.MoveNextAsync());
        Assert.True(await prefetch.MoveNextAsync());
        await Assert.ThrowsAsync<DivideByZeroException>(async () => await prefetch.MoveNextAsync());
    }

    [Fact]
    public async Task ParallelMap_Deterministic_KeepsInputOrderWithUnevenWork()
    {
        var running = 0;
        var most = 0;
        await using var map = new ListStage<int>([.. Enumerable.Range(0, 40)]).ParallelMap((x, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.SpinWait((40 - x) * 2000);
            Interlocked.Decrement(ref running);
            return x * 2;
        }, degree: 3);

        Assert.Equal(Enumerable.Range(0, 40).Select(x => x * 2), await map.ToListAsync());
        Assert.InRange(most, 1, 3);
    }

    [Fact]
    public async Task ParallelMap_NotDeterministic_ReturnsEveryResultOnce()
    {
        await using var map = new ListStage<int>([.. Enumerable.Range(0, 40)]).ParallelMap((x, _) =>
        {
            Thread.SpinWait((x % 5) * 5000);
            return x;
        }, degree: 4, deterministic: false);

        Assert.Equal(Enumerable.Range(0, 40), (await map.ToListAsync()).Order());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"timed out after 10 s waiting for {what}");
            await Task.Delay(10);
        }
    }
}
