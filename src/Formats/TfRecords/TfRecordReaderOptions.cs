namespace Cluster.Formats.TfRecords;

/// <summary>How a <see cref="TfRecordReader"/> decodes its stream.</summary>
public sealed record TfRecordReaderOptions
{
    /// <summary>The stream's compression; <c>null</c> detects it from the file name and the first bytes.</summary>
    public TfRecordCompression? Compression { get; init; }

    /// <summary>What to do on a corrupt or truncated record.</summary>
    public CorruptRecordPolicy OnCorrupt { get; init; } = CorruptRecordPolicy.Fail;

    /// <summary>The largest record the reader accepts (default 256 MiB, at most <see cref="LargestSupportedRecord"/>).
    /// A larger stated length fails as <see cref="CorruptedRecordException"/> before anything is allocated, so a
    /// compressed file whose few bytes expand into one huge record (a GZIP bomb) cannot make the reader hold it.</summary>
    public long MaxRecordLength { get; init; } = DefaultMaxRecordLength;

    /// <summary>The default <see cref="MaxRecordLength"/>: 256 MiB, far above any one encoded image and its boxes.</summary>
    public const long DefaultMaxRecordLength = 256L << 20;

    /// <summary>The largest record any reader can hold in one array.</summary>
    public static long LargestSupportedRecord { get; } = Array.MaxLength - TfRecordFraming.Overhead;
}
