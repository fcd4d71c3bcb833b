using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Cluster.Grains.Tests.Blob;

/// <summary>Test helpers on an Azurite account: fresh containers, uploaded image folders, blob listings and hashes.</summary>
internal static class BlobContainers
{
    public static BlobContainerClient Create(string connectionString)
    {
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient($"t{Guid.NewGuid():N}");
        container.Create();
        return container;
    }

    /// <summary>Uploads every file of <paramref name="folder"/> under <paramref name="prefix"/>/.</summary>
    public static void UploadFolder(BlobContainerClient container, string folder, string prefix)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            container.GetBlobClient($"{prefix}/{Path.GetRelativePath(folder, file).Replace('\\', '/')}").Upload(file);
        }
    }

    /// <summary>Names of the committed blobs under <paramref name="prefix"/>/, without the prefix.</summary>
    public static IReadOnlyList<string> Names(BlobContainerClient container, string prefix) =>
        container.GetBlobs(BlobTraits.None, BlobStates.None, prefix + "/", CancellationToken.None).Select(b => b.Name[(prefix.Length + 1)..]).Order(StringComparer.Ordinal).ToList();

    public static byte[] Download(BlobContainerClient container, string name) => container.GetBlobClient(name).DownloadContent().Value.Content.ToArray();

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
