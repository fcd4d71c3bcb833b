using System.Globalization;

namespace Cluster.Grains.Reading;

/// <summary>
/// The key of an <see cref="IInterleavingReaderGrain"/>: <c>DATASET|EPOCH|RANK</c>, where DATASET is the dataset folder
/// as the silos see it (a shared file system), EPOCH the epoch it reads and RANK the trainer rank it feeds. One reader
/// grain serves one rank for one epoch; the next epoch is another grain, so it can be opened while this one drains.
/// The folder may itself contain '|': the last two fields are the epoch and the rank.
/// </summary>
public sealed record ReaderKey(string Dataset, int Epoch, int Rank)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Dataset}|{Epoch}|{Rank}");

    /// <summary>Reads a key written by <see cref="ToString"/>; <see cref="FormatException"/> naming the key when it is not one.</summary>
    public static ReaderKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rankBar = key.LastIndexOf('|');
        var epochBar = rankBar > 0 ? key.LastIndexOf('|', rankBar - 1) : -1;
        if (epochBar <= 0
            || !int.TryParse(key.AsSpan(epochBar + 1, rankBar - epochBar - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            || !int.TryParse(key.AsSpan(rankBar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var rank))
        {
            throw new FormatException($"reader key '{key}' is not DATASET|EPOCH|RANK");
        }

        return new ReaderKey(key[..epochBar], epoch, rank);
    }
}
