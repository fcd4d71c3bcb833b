namespace Cluster.Formats.TfRecords;

/// <summary>A TFRecord file that cannot be read as written: it names the file and the record's offset.</summary>
public abstract class TfRecordException : IOException
{
    private protected TfRecordException(string message, string filePath, long offset, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>The file (or stream name) that holds the bad record.</summary>
    public string FilePath { get; }

    /// <summary>The offset of the bad record's first byte in the uncompressed stream.</summary>
    public long Offset { get; }
}
