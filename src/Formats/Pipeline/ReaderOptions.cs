using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Pipeline;

/// <summary>How <see cref="ReaderPipeline"/> reads a dataset: seed, batching, rank, interleave, shuffle, prefetch, corrupt records.</summary>
public sealed record ReaderOptions
{
    public long Seed { get; init; }

    public int BatchSize { get; init; } = 32;

    public bool DropRemainder { get; init; }

    public int Rank { get; init; }

    public int World { get; init; } = 1;

    /// <summary>How ranks' shares are made equal (pad with repeats, or drop the last incomplete row).</summary>
    public RankBalance Balance { get; init; } = RankBalance.Pad;

    public int CycleLength { get; init; } = 4;

    public int BlockLength { get; init; } = 1;

    public int ShuffleBuffer { get; init; } = 1024;

    public bool ShuffleFiles { get; init; } = true;

    public bool ReshuffleEachEpoch { get; init; } = true;

    /// <summary>Batches read at once by the loader.</summary>
    public int LoadDegree { get; init; } = 2;

    public int PrefetchDepth { get; init; } = 4;

    /// <summary>
    /// False lets the loader return batches as they finish. Interleave stays deterministic either way: the loader's saved
    /// state names batches by their place in the sequence upstream, so a resume must replay that sequence exactly.
    /// </summary>
    public bool Deterministic { get; init; } = true;

    public CorruptRecordPolicy OnCorrupt { get; init; } = CorruptRecordPolicy.Fail;

    /// <summary>
    /// Check records in place in memory-mapped shards and hand them out as slices of the mapping (the default: no copy and
    /// no system call per record, see bench/results/reader.md), instead of one positioned read per record into a pooled
    /// buffer. Turn it off for shards that may be truncated in place while read (a mapped page past the new end faults);
    /// published shards are only ever replaced by a rename, which a mapping does not notice.
    /// </summary>
    public bool MemoryMap { get; init; } = true;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public ReaderOptions Validated()
    {
        Positive(BatchSize, "batch size");
        Positive(World, "world size");
        Positive(CycleLength, "cycle length");
        Positive(BlockLength, "block length");
        Positive(ShuffleBuffer, "shuffle buffer");
        Positive(LoadDegree, "load degree");
        Positive(PrefetchDepth, "prefetch depth");
        return Rank >= 0 && Rank < World ? this : throw new ArgumentException($"rank must be in 0..{World - 1} for a world of {World}, got {Rank}");
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{name} must be at least 1, got {value}");
        }
    }
}
