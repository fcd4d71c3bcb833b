using Cluster.Formats.Pipeline;
using Xunit.Abstractions;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>
/// Shuffle quality: over 4000 seeds, the position each of 20 records lands at is compared with the uniform distribution
/// by a chi-square test on the 20×20 table of (record, position) counts, df = (20-1)² = 361, at significance 0.001.
/// A small buffer's bias is measured and written to the test output, not hidden.
/// </summary>
public sealed class ShuffleTests(ITestOutputHelper output)
{
    private const int Records = 20;
    private const int Seeds = 4000;
    private const double Significance = 0.001;

    [Fact]
    public async Task Shuffle_SameSeed_SameSequence_DifferentSeed_DifferentSequence()
    {
        var a = await ShuffledAsync(bufferSize: 8, seed: 42);
        var b = await ShuffledAsync(bufferSize: 8, seed: 42);
        var c = await ShuffledAsync(bufferSize: 8, seed: 43);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(Enumerable.Range(0, Records), a.Order());
    }

    [Fact]
    public async Task Shuffle_ReshuffleEachEpoch_DiffersPerEpochOnlyWhenAsked()
    {
        await using var reshuffled = new ListStage<int>([.. Enumerable.Range(0, Records)]).Shuffle(Records, seed: 1);
        await using var fixedOrder = new ListStage<int>([.. Enumerable.Range(0, Records)]).Shuffle(Records, seed: 1, reshuffleEachEpoch: false);

        var r0 = await reshuffled.ToListAsync();
        reshuffled.Reset(1);
        var r1 = await reshuffled.ToListAsync();
        var f0 = await fixedOrder.ToListAsync();
        fixedOrder.Reset(1);
        var f1 = await fixedOrder.ToListAsync();

        Assert.NotEqual(r0, r1);
        Assert.Equal(f0, f1);
    }

    [Fact]
    public async Task Shuffle_FullBuffer_PositionsUniformByChiSquare()
    {
        var (statistic, critical) = await ChiSquareAsync(bufferSize: Records);

        output.WriteLine($"buffer {Records} of {Records}: chi-square {statistic:F1}, critical {critical:F1} at {Significance} (df {(Records - 1) * (Records - 1)})");
        Assert.True(statistic < critical, $"chi-square {statistic:F1} >= {critical:F1}: positions are not uniform");
    }

    [Fact]
    public async Task Shuffle_SmallBuffer_BiasIsMeasuredAndReported()
    {
        var (statistic, critical) = await ChiSquareAsync(bufferSize: 4);
        var firstQuarter = await ShareOfFirstRecordInFirstQuarterAsync(bufferSize: 4);

        output.WriteLine($"buffer 4 of {Records}: chi-square {statistic:F1} vs critical {critical:F1}; " +
            $"record 0 lands in the first quarter of positions with p = {firstQuarter:F3} (uniform: 0.250)");
        Assert.True(statistic > critical, "a 4-item buffer over 20 records should be detectably biased; the test would not catch a bad shuffle");
        Assert.True(firstQuarter > 0.6, $"record 0 in first quarter p = {firstQuarter:F3}");
    }

    [Fact]
    public async Task Shuffle_ZeroBuffer_Throws()
    {
        await using var list = new ListStage<int>([1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Shuffle(0, 1));
    }

    private static async Task<List<int>> ShuffledAsync(int bufferSize, long seed)
    {
        await using var stage = new ListStage<int>([.. Enumerable.Range(0, Records)]).Shuffle(bufferSize, seed);
        return await stage.ToListAsync();
    }

    private static async Task<(double Statistic, double Critical)> ChiSquareAsync(int bufferSize)
    {
        var counts = new int[Records, Records];
        for (var seed = 0; seed < Seeds; seed++)
        {
            var order = await ShuffledAsync(bufferSize, seed);
            for (var position = 0; position < order.Count; position++)
            {
                counts[order[position], position]++;
            }
        }

        var expected = (double)Seeds / Records;
        var statistic = 0.0;
        foreach (var observed in counts)
        {
            statistic += (observed - expected) * (observed - expected) / expected;
        }

        return (statistic, ChiSquareCritical((Records - 1) * (Records - 1), Significance));
    }

    private static async Task<double> ShareOfFirstRecordInFirstQuarterAsync(int bufferSize)
    {
        var hits = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            hits += (await ShuffledAsync(bufferSize, seed)).IndexOf(0) < Records / 4 ? 1 : 0;
        }

        return (double)hits / Seeds;
    }

    /// <summary>Upper critical value of chi-square with <paramref name="df"/> degrees of freedom (Wilson-Hilferty).</summary>
    private static double ChiSquareCritical(int df, double significance)
    {
        var z = significance switch { 0.001 => 3.0902, 0.01 => 2.3263, 0.05 => 1.6449, _ => throw new ArgumentOutOfRangeException(nameof(significance)) };
        var a = 2.0 / (9 * df);
        return df * Math.Pow(1 - a + z * Math.Sqrt(a), 3);
    }
}
