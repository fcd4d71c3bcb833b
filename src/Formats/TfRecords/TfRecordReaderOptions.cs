namespace Cluster.Formats.TfRecords;

/// <summary>How a <see cref="TfRecordReader"/> decodes its stream.</summary>
public sealed record TfRecordReaderOptions
{
    /// <summary>The stream's compression; <c>null</c> detects it from the file name and the first bytes.</summary>
    public TfRecordCompression? Compression { get; init; }

    /// <summary>What to do on a corrupt or truncated record.</summary>
    public CorruptRecordPolicy OnCorrupt { get; init; } = CorruptRecordPolicy.Fail;
}
