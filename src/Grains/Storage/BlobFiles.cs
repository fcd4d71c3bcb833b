using Azure;

namespace Cluster.Grains.Storage;

/// <summary>Reads one blob named like a file, <c>az://CONTAINER/NAME</c> (or its URL), for verbs that read shards.</summary>
public static class BlobFiles
{
    /// <summary>A read stream over the blob and its printable address (URL without query). Throws
    /// <see cref="ArgumentException"/> (bad location, no connection string) or <see cref="FileNotFoundException"/>.</summary>
    public static (Stream Stream, string Address) OpenRead(string location, CancellationToken ct = default)
    {
        var parsed = StorageLocation.Parse(location);
        if (!parsed.IsBlob || parsed.Prefix.Length == 0)
        {
            throw new ArgumentException($"'{location}' names no blob (expected az://CONTAINER/NAME)");
        }

        var blob = BlobConnection.ContainerOf(parsed, null).GetBlobClient(parsed.Prefix);
        var address = BlobConnection.Printable(blob.Uri);
        try
        {
            return (blob.OpenRead(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false), ct), address);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"no blob at {address}", location);
        }
        catch (RequestFailedException e)
        {
            throw new IOException($"{address}: {e.Status} {e.ErrorCode}", e);
        }
    }
}
