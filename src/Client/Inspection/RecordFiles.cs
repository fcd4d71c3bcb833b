using Cluster.Formats.TfRecords;
using Cluster.Grains.Storage;

namespace Cluster.Client.Inspection;

/// <summary>Opens a TFRecord file, or a blob named <c>az://CONTAINER/NAME</c> (connection string from the environment, as
/// for <c>convert</c>), for the verbs that read one shard. A bad blob location or a missing connection string is a usage
/// error; a missing blob is <see cref="FileNotFoundException"/>.</summary>
public static class RecordFiles
{
    public static TfRecordReader Open(string path, CancellationToken ct)
    {
        if (!StorageLocation.LooksLikeBlob(path))
        {
            return TfRecordReader.Open(path);
        }

        Stream stream;
        string address;
        try
        {
            (stream, address) = BlobFiles.OpenRead(path, ct);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        // Named by the blob's URL, so compression is detected from its extension as for a file.
        return new TfRecordReader(stream, address);
    }
}
