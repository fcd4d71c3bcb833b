using System.Runtime.InteropServices;
using Cluster.Grains.Training;

namespace Cluster.Grains.Tests.Training;

/// <summary>
/// The rendezvous and all-reduce grains through <see cref="TrainingCollective"/>, as trainer processes use them: ranks
/// assigned or asked for, conflicts rejected, bit-identical fixed-order means over several buckets, and a missing rank
/// surfacing as a timeout that names it.
/// </summary>
[Collection(ConversionCluster.Collection)]
public sealed class TrainingCollectiveTests(TrainingGrainsFixture fixture) : IClassFixture<TrainingGrainsFixture>
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    private static string NewRun() => $"test-{Guid.NewGuid():N}";

    [Fact]
    public async Task Join_AskedAndAssignedRanks_EveryMemberGetsADistinctRankOnceAllHaveJoined()
    {
        var run = NewRun();
        var timeout = TimeSpan.FromSeconds(30);

        var joins = new[]
        {
            TrainingCollective.JoinAsync(Grains, run, 3, null, timeout),
            TrainingCollective.JoinAsync(Grains, run, 3, 2, timeout),
            TrainingCollective.JoinAsync(Grains, run, 3, null, timeout),
        };
        var members = await Task.WhenAll(joins);

        Assert.Equal(2, members[1].Rank);
        Assert.Equal([0, 1, 2], members.Select(m => m.Rank).Order());
    }

    [Fact]
    public async Task Join_RankAlreadyHeld_IsRejectedNamingTheRank()
    {
        var run = NewRun();
        var rendezvous = Grains.GetGrain<ITrainingRendezvousGrain>(run);
        await rendezvous.JoinAsync(new RendezvousRequest { MemberId = "a", World = 2, Rank = 1 });

        var again = await rendezvous.JoinAsync(new RendezvousRequest { MemberId = "a", World = 2, Rank = 1 });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => rendezvous.JoinAsync(new RendezvousRequest { MemberId = "b", World = 2, Rank = 1 }));

        Assert.Equal(1, again.Rank);
        Assert.Equal([0], again.Waiting);
        Assert.Contains("rank 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_OtherWorldSizeOrFullRun_IsRejected()
    {
        var run = NewRun();
        var rendezvous = Grains.GetGrain<ITrainingRendezvousGrain>(run);
        await rendezvous.JoinAsync(new RendezvousRequest { MemberId = "a", World = 1 });

        await Assert.ThrowsAsync<ArgumentException>(() => rendezvous.JoinAsync(new RendezvousRequest { MemberId = "b", World = 2 }));
        var full = await Assert.ThrowsAsync<InvalidOperationException>(() => rendezvous.JoinAsync(new RendezvousRequest { MemberId = "b", World = 1 }));
        Assert.Contains("already has all 1 ranks", full.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_RankNeverArrives_TimesOutNamingTheMissingRank()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => TrainingCollective.JoinAsync(Grains, NewRun(), 2, 0, TimeSpan.FromSeconds(1)));

        Assert.Contains("rank(s) 1 of 2 did not join", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Average_ThreeRanksSeveralBuckets_EveryRankGetsTheSameBitsAsTheRankOrderSum()
    {
        var run = NewRun();
        const int length = 10_001;
        var timeout = TimeSpan.FromSeconds(30);
        var members = await Task.WhenAll(Enumerable.Range(0, 3).Select(r => TrainingCollective.JoinAsync(Grains, run, 3, r, timeout, bucketElements: 4096)));
        // Values of very different magnitudes: float addition is not associative, so only one fixed order gives these bits.
        var inputs = members.Select(m => Gradient(length, seed: m.Rank)).ToArray();
        var expected = new float[length];
        for (var i = 0; i < length; i++)
            expected[i] = (inputs[0][i] + inputs[1][i] + inputs[2][i]) / 6f;

        for (var step = 0; step < 2; step++)
        {
            var buffers = inputs.Select(i => i.ToArray()).ToArray();
            // Ranks arrive in a different order each step: the result must not depend on it.
            var order = step == 0 ? new[] { 2, 0, 1 } : [1, 2, 0];
            var calls = new List<Task>();
            foreach (var r in order)
            {
                calls.Add(members[r].AverageAsync(buffers[r], divisor: 6, step));
                await Task.Delay(50);
            }

            await Task.WhenAll(calls);

            foreach (var buffer in buffers)
                Assert.True(MemoryMarshal.AsBytes(buffer.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(expected.AsSpan())), $"step {step}: a rank's mean differs from the rank-order sum");
        }

        Assert.All(members, m => Assert.Equal(2L * length * sizeof(float), m.BytesSent));
    }

    [Fact]
    public async Task ExchangeCounts_TwoRanks_BothGetTheWorldTotals()
    {
        var run = NewRun();
        var members = await Task.WhenAll(Enumerable.Range(0, 2).Select(r => TrainingCollective.JoinAsync(Grains, run, 2, r, TimeSpan.FromSeconds(30))));

        var totals = await Task.WhenAll(members[0].ExchangeCountsAsync(7, 2, 0), members[1].ExchangeCountsAsync(5, 1, 0));

        Assert.All(totals, t => Assert.Equal((12L, 3), t));
    }

    [Fact]
    public async Task Average_RankNeverContributes_TimesOutNamingTheMissingRank()
    {
        var run = NewRun();
        var members = await Task.WhenAll(Enumerable.Range(0, 2).Select(r => TrainingCollective.JoinAsync(Grains, run, 2, r, TimeSpan.FromSeconds(2))));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => members[0].AverageAsync(new float[8], divisor: 2, step: 0));

        Assert.Contains("rank(s) 1 of 2 did not send bucket 0 of step 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Average_RanksWithDifferentGradientLengths_FailsEveryRankAtOnce()
    {
        var run = NewRun();
        var members = await Task.WhenAll(Enumerable.Range(0, 2).Select(r => TrainingCollective.JoinAsync(Grains, run, 2, r, TimeSpan.FromMinutes(5))));
        var first = members[0].AverageAsync(new float[8], divisor: 2, step: 0);
        await Task.Delay(100);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => members[1].AverageAsync(new float[9], divisor: 2, step: 0));

        var waiting = await Assert.ThrowsAsync<InvalidOperationException>(() => first);

        Assert.Contains("same model", error.Message, StringComparison.Ordinal);
        Assert.Contains("same model", waiting.Message, StringComparison.Ordinal);
    }

    private static float[] Gradient(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(i => (float)((random.NextDouble() - 0.5) * Math.Pow(10, (i + seed) % 9 - 4)))];
    }
}
