using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Pipeline;

/// <summary>The record at an indexed offset has another length than the index says: the index does not belong to the file as it is now.</summary>
public sealed class IndexMismatchException : TfRecordException
{
    public IndexMismatchException(string filePath, long offset, ulong actual, long indexed)
        : base($"record at offset {offset} in {filePath} is {actual} bytes long, its index says {indexed}: the file changed after it was indexed", filePath, offset)
    {
    }
}
