using Azure.Storage.Blobs;

namespace Cluster.Grains.Storage;

/// <summary>
/// The Blob service of a Blob <see cref="StorageLocation"/>: from the silo's storage connection string
/// (<c>Cluster__StorageConnectionString</c>), else the environment's <c>AZURE_STORAGE_CONNECTION_STRING</c>. The
/// connection string is a secret: no message here ever holds it.
/// </summary>
public static class BlobConnection
{
    public const string SiloVariable = "Cluster__StorageConnectionString";
    public const string AzureVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>The configured connection string, or the environment's; null when there is none.</summary>
    public static string? Find(string? configured) =>
        new[] { configured, Environment.GetEnvironmentVariable(SiloVariable), Environment.GetEnvironmentVariable(AzureVariable) }
            .FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));

    /// <summary>The container client of <paramref name="location"/>; <see cref="ArgumentException"/> when no or a bad
    /// connection string is set, or the location names another account.</summary>
    public static BlobContainerClient ContainerOf(StorageLocation location, string? configured)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.IsBlob)
        {
            throw new ArgumentException($"{location} is a folder, not a Blob location");
        }

        var connection = Find(configured)
            ?? throw new ArgumentException($"{location} is in Azure Blob storage: set {SiloVariable} or {AzureVariable} to the storage account's connection string");
        BlobServiceClient service;
        try
        {
            service = new BlobServiceClient(connection);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"the storage connection string ({SiloVariable} or {AzureVariable}) is malformed; it is not shown here because it holds a secret");
        }

        if (location.Account is { } account && !string.Equals(account, service.AccountName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{location} is in account '{account}', but the storage connection string is for account '{service.AccountName}'");
        }

        return service.GetBlobContainerClient(location.Container);
    }

    /// <summary>Blob name of <paramref name="name"/> (a '/'-separated relative name) under the location's prefix.</summary>
    public static string BlobNameOf(StorageLocation location, string name) =>
        location.Prefix.Length == 0 ? name : $"{location.Prefix}/{name}";

    /// <summary>A blob's URL for messages and spans, without any query (a SAS token is a secret).</summary>
    public static string Printable(Uri uri) => new UriBuilder(uri) { Query = "" }.Uri.AbsoluteUri;
}
