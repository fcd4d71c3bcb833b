using Cluster.Formats.Manifests;

namespace Cluster.Formats.Tests.Manifests;

internal static class ManifestTestHelpers
{
    public static async Task<List<ManifestItem>> ReadAllAsync(ManifestFormat format, string path, ManifestReadOptions? options = null)
    {
        var items = new List<ManifestItem>();
        await foreach (var item in ManifestReaders.ReadAsync(format, path, options))
        {
            items.Add(item);
        }

        return items;
    }

    public static List<ManifestImage> Images(this IEnumerable<ManifestItem> items) => items.Where(i => i.Image is not null).Select(i => i.Image!).ToList();

    public static List<QuarantineEntry> Rejected(this IEnumerable<ManifestItem> items) => items.Where(i => i.Rejected is not null).Select(i => i.Rejected!).ToList();
}
