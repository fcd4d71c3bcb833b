namespace Cluster.Formats.TfRecords;

/// <summary>The file ends inside a record: the header, the payload or the footer is cut short.</summary>
public sealed class TruncatedRecordException : TfRecordException
{
    private TruncatedRecordException(string message, string filePath, long offset)
        : base(message, filePath, offset)
    {
    }

    /// <summary>The file ends after <paramref name="have"/> of the <paramref name="need"/> bytes of a record's <paramref name="part"/>.</summary>
    public static TruncatedRecordException Create(string filePath, long offset, string part, long have, long need) =>
        new($"truncated record at offset {offset} in {filePath}: the file ends after {have} of the {need} bytes of the {part}; " +
            "the writer was interrupted or the copy is incomplete", filePath, offset);
}
