using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;

namespace Cluster.Grains.Reading;

/// <summary>
/// The <see cref="ReaderOptions"/> a reader grain builds its pipeline from, as a message (the rank comes from the grain's
/// <see cref="ReaderKey"/>). Every rank of a run sends the same spec.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReaderSpec
{
    [Id(0)] public long Seed { get; init; }

    [Id(1)] public int BatchSize { get; init; } = 32;

    [Id(2)] public bool DropRemainder { get; init; }

    [Id(3)] public int World { get; init; } = 1;

    /// <summary>A <see cref="RankBalance"/> name.</summary>
    [Id(4)] public string Balance { get; init; } = nameof(RankBalance.Pad);

    [Id(5)] public int CycleLength { get; init; } = 4;

    [Id(6)] public int BlockLength { get; init; } = 1;

    [Id(7)] public int ShuffleBuffer { get; init; } = 1024;

    [Id(8)] public bool ShuffleFiles { get; init; } = true;

    [Id(9)] public bool ReshuffleEachEpoch { get; init; } = true;

    [Id(10)] public int LoadDegree { get; init; } = 2;

    [Id(11)] public int PrefetchDepth { get; init; } = 4;

    [Id(12)] public bool Deterministic { get; init; } = true;

    /// <summary>A <see cref="CorruptRecordPolicy"/> name.</summary>
    [Id(13)] public string OnCorrupt { get; init; } = nameof(CorruptRecordPolicy.Fail);

    [Id(14)] public bool MemoryMap { get; init; } = true;

    /// <summary>The spec of <paramref name="options"/> (its rank is left out).</summary>
    public static ReaderSpec From(ReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ReaderSpec
        {
            Seed = options.Seed,
            BatchSize = options.BatchSize,
            DropRemainder = options.DropRemainder,
            World = options.World,
            Balance = options.Balance.ToString(),
            CycleLength = options.CycleLength,
            BlockLength = options.BlockLength,
            ShuffleBuffer = options.ShuffleBuffer,
            ShuffleFiles = options.ShuffleFiles,
            ReshuffleEachEpoch = options.ReshuffleEachEpoch,
            LoadDegree = options.LoadDegree,
            PrefetchDepth = options.PrefetchDepth,
            Deterministic = options.Deterministic,
            OnCorrupt = options.OnCorrupt.ToString(),
            MemoryMap = options.MemoryMap,
        };
    }

    /// <summary>The options for rank <paramref name="rank"/>, validated; <see cref="ArgumentException"/> naming a bad value.</summary>
    public ReaderOptions ToOptions(int rank) => new ReaderOptions
    {
        Seed = Seed,
        BatchSize = BatchSize,
        DropRemainder = DropRemainder,
        Rank = rank,
        World = World,
        Balance = Enum.TryParse<RankBalance>(Balance, out var balance) ? balance : throw new ArgumentException($"unknown rank balance '{Balance}'"),
        CycleLength = CycleLength,
        BlockLength = BlockLength,
        ShuffleBuffer = ShuffleBuffer,
        ShuffleFiles = ShuffleFiles,
        ReshuffleEachEpoch = ReshuffleEachEpoch,
        LoadDegree = LoadDegree,
        PrefetchDepth = PrefetchDepth,
        Deterministic = Deterministic,
        OnCorrupt = Enum.TryParse<CorruptRecordPolicy>(OnCorrupt, out var policy) ? policy : throw new ArgumentException($"unknown corrupt-record policy '{OnCorrupt}'"),
        MemoryMap = MemoryMap,
    }.Validated();
}
