using Azure;
using Azure.Storage.Blobs;
using Cluster.Formats.Images;

namespace Cluster.Grains.Storage;

/// <summary>
/// Images under a prefix of a Blob container. A manifest path is resolved lexically ('\' read as '/', '.' dropped, '..'
/// going up) and rejected (path-escapes-root) when it is absolute or climbs above the prefix; a missing blob is
/// missing-image, as a missing file is. Any other storage error (no such container, access denied, the service still
/// failing after the client's retries) fails the shard instead of quarantining the image: the output stays
/// deterministic, and the job can be resumed once storage answers.
/// </summary>
internal sealed class BlobImageSource(StorageLocation location, BlobContainerClient container, CancellationToken ct = default) : IImageSource
{
    public byte[] Read(string imagePath)
    {
        var name = BlobConnection.BlobNameOf(location, Resolve(imagePath));
        var blob = container.GetBlobClient(name);
        try
        {
            return blob.DownloadContent(ct).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "BlobNotFound")
        {
            throw ImageRejectedException.Missing(imagePath, BlobConnection.Printable(blob.Uri));
        }
        catch (RequestFailedException e)
        {
            throw new InvalidOperationException($"cannot read images from {location}: {BlobConnection.Printable(blob.Uri)} answered {e.Status} {e.ErrorCode}", e);
        }
    }

    /// <summary>The path relative to the prefix, or <see cref="ImageRejectedException"/> when it would leave it.</summary>
    public static string Resolve(string imagePath)
    {
        if (string.IsNullOrWhiteSpace(imagePath) || imagePath.Contains('\0', StringComparison.Ordinal))
        {
            throw ImageRejectedException.Escapes(imagePath, "empty path or a NUL character");
        }

        var path = imagePath.Replace('\\', '/');
        if (path.StartsWith('/') || (path.Length > 1 && path[1] == ':'))
        {
            throw ImageRejectedException.Escapes(imagePath, "an absolute path, outside the images prefix");
        }

        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw ImageRejectedException.Escapes(imagePath, "climbs above the images prefix");
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        if (parts.Count == 0)
        {
            throw ImageRejectedException.Escapes(imagePath, "names the images prefix itself, not an image");
        }

        return string.Join('/', parts);
    }
}
