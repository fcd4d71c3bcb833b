using System.Globalization;

namespace Cluster.Formats.TfRecords;

/// <summary>Shard file names in TensorFlow's convention: <c>prefix-00003-of-00016.tfrecord[.gz]</c>.</summary>
public static class ShardNames
{
    /// <summary>The name of shard <paramref name="index"/> (0-based) of <paramref name="count"/>.</summary>
    public static string Format(string prefix, int index, int count, TfRecordCompression compression = TfRecordCompression.None)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{index:D5}-of-{count:D5}.tfrecord");
        return compression switch
        {
            TfRecordCompression.None => name,
            TfRecordCompression.Gzip => name + ".gz",
            TfRecordCompression.Zlib => name + ".zz",
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown compression"),
        };
    }

    /// <summary>The compression a file name implies: <c>.gz</c> GZIP, <c>.zz</c>/<c>.zlib</c> ZLIB, otherwise none.</summary>
    public static TfRecordCompression CompressionOf(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".gz" or ".gzip" => TfRecordCompression.Gzip,
            ".zz" or ".zlib" => TfRecordCompression.Zlib,
            _ => TfRecordCompression.None,
        };
}
