using Cluster.Formats.Pipeline;

namespace Cluster.Trainer.Runs;

/// <summary>
/// The trainer's input from converted shards: the reader pipeline (interleave, shuffle, rank split, batch, load,
/// prefetch) followed by the decode stage, which letterboxes every image to the model's input size.
/// </summary>
public sealed class ShardInput : IAsyncDisposable
{
    private ShardInput(ShardSource source, Decode batches, long records)
    {
        Source = source;
        Batches = batches;
        Records = records;
    }

    public ShardSource Source { get; }

    /// <summary>The decoded batches of the current epoch; its state is the whole pipeline's.</summary>
    public Decode Batches { get; }

    /// <summary>Records in the dataset as its summary.json promises (0 when unknown).</summary>
    public long Records { get; }

    public static ShardInput Open(string folder, ReaderOptions reader, int inputSize, double flipProbability = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.Validated();
        var source = ShardSource.FromDataset(folder, reader.Seed, reader.ShuffleFiles, reader.OnCorrupt, reader.MemoryMap);
        var decode = ReaderPipeline.Build(source, reader).Decode(
            new DecodeOptions { Width = inputSize, Height = inputSize, FlipProbability = flipProbability, Seed = reader.Seed }.Validated(),
            degree: 2, maxBatchSize: reader.BatchSize);
        return new ShardInput(source, decode, source.Shards.Sum(s => s.ExpectedRecords ?? 0));
    }

    public ValueTask DisposeAsync() => Batches.DisposeAsync();
}
