namespace Cluster.Formats.Pipeline;

/// <summary>
/// The pipeline's random source: xoshiro256** seeded through SplitMix64, so that its whole state is four numbers a
/// checkpoint can hold (<see cref="System.Random"/>'s state cannot be saved). Bounded draws use Lemire's unbiased method.
/// </summary>
public sealed class PipelineRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public PipelineRandom(long seed)
    {
        var x = (ulong)seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private PipelineRandom(ulong[] state) => (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);

    /// <summary>A seed derived from <paramref name="seed"/> and the given values (e.g. epoch, shard, offset), well mixed.</summary>
    public static long Derive(long seed, params ReadOnlySpan<long> values)
    {
        var x = (ulong)seed;
        var h = SplitMix(ref x);
        foreach (var v in values)
        {
            x = h ^ (ulong)v;
            h = SplitMix(ref x);
        }

        return (long)h;
    }

    /// <summary>Restores a generator from <see cref="State"/>.</summary>
    public static PipelineRandom FromState(ulong[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Length == 4 ? new PipelineRandom(state) : throw new ArgumentException("a PipelineRandom state has 4 values", nameof(state));
    }

    /// <summary>The full state: four 64-bit values.</summary>
    public ulong[] State => [_s0, _s1, _s2, _s3];

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var m = (ulong)(uint)NextUInt64() * (uint)bound;
        if ((uint)m < (uint)bound)
        {
            var threshold = (uint)-bound % (uint)bound;
            while ((uint)m < threshold)
            {
                m = (ulong)(uint)NextUInt64() * (uint)bound;
            }
        }

        return (int)(m >> 32);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
