using Azure.Storage.Blobs;

namespace Cluster.Grains.Storage;

/// <summary>
/// Where a job reads images or writes its output: a local folder (an absolute path), or a prefix in an Azure Blob
/// container, written <c>az://CONTAINER[/PREFIX]</c> or as the container's URL
/// (<c>https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]</c>, or an Azurite path-style URL). A job spec keeps the
/// canonical text (<see cref="ToString"/>): the folder's full path, or <c>az://CONTAINER/PREFIX</c>; the account is the
/// one of the storage connection string.
/// </summary>
public sealed record StorageLocation
{
    public const string BlobScheme = "az://";

    private StorageLocation(string? localPath, string? container, string prefix, string? account)
    {
        LocalPath = localPath;
        Container = container;
        Prefix = prefix;
        Account = account;
    }

    /// <summary>The folder's full path; null for a Blob location.</summary>
    public string? LocalPath { get; }

    /// <summary>The Blob container; null for a folder.</summary>
    public string? Container { get; }

    /// <summary>The blob name prefix without slashes at either end ("" for the whole container).</summary>
    public string Prefix { get; }

    /// <summary>The account named by a URL location (checked against the connection string's); null otherwise.</summary>
    public string? Account { get; }

    public bool IsBlob => Container is not null;

    /// <summary>True when <paramref name="text"/> is meant as a Blob location (az:// or an http(s) URL).</summary>
    public static bool LooksLikeBlob(string text) =>
        text.StartsWith(BlobScheme, StringComparison.OrdinalIgnoreCase) ||
        text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a location; a relative folder is made absolute. Throws <see cref="ArgumentException"/> naming the text.</summary>
    public static StorageLocation Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!LooksLikeBlob(text))
        {
            return new StorageLocation(Path.GetFullPath(text), null, "", null);
        }

        if (text.StartsWith(BlobScheme, StringComparison.OrdinalIgnoreCase))
        {
            var rest = text[BlobScheme.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            return Blob(text, slash < 0 ? rest : rest[..slash], slash < 0 ? "" : rest[(slash + 1)..], null);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ArgumentException($"'{Redacted(text)}' is not a Blob container URL (https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX, no query: credentials come from the connection string)");
        }

        var parts = new BlobUriBuilder(uri);
        return Blob(text, parts.BlobContainerName, parts.BlobName, parts.AccountName);
    }

    /// <summary>The canonical text: the full path, or <c>az://CONTAINER/PREFIX</c>.</summary>
    public override string ToString() => LocalPath ?? (Prefix.Length == 0 ? $"{BlobScheme}{Container}" : $"{BlobScheme}{Container}/{Prefix}");

    private static StorageLocation Blob(string text, string container, string prefix, string? account)
    {
        if (!IsContainerName(container))
        {
            throw new ArgumentException($"'{Redacted(text)}': '{container}' is not a Blob container name (3-63 characters: lower-case letters, digits, single hyphens)");
        }

        var trimmed = prefix.Trim('/');
        if (trimmed.Split('/').Any(part => part is "." or ".." || (part.Length == 0 && trimmed.Length > 0)) || trimmed.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{Redacted(text)}': the blob prefix may not hold empty, '.' or '..' parts or backslashes");
        }

        return new StorageLocation(null, container, trimmed, string.IsNullOrEmpty(account) ? null : account);
    }

    private static bool IsContainerName(string name) =>
        name.Length is >= 3 and <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') &&
        name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);

    /// <summary>A location as it may be printed: a URL loses its query (a SAS token is a secret).</summary>
    private static string Redacted(string text)
    {
        var query = text.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? text : text[..query] + "?<redacted>";
    }
}
