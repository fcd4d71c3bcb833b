namespace Cluster.Formats.TfRecords;

/// <summary>
/// A bad record that another process found and reported (e.g. a reader grain on a silo): the original message, file
/// and offset, re-raised on this side so callers handle it like the <see cref="TfRecordException"/> it was.
/// </summary>
public sealed class ReportedRecordException : TfRecordException
{
    public ReportedRecordException(string message, string filePath, long offset)
        : base(message, filePath, offset)
    {
    }
}
