using Cluster.Formats.LabelMaps;
using Cluster.Formats.Manifests;

namespace Cluster.Formats.Records;

/// <summary>Chooses the label map of a conversion: the given label_map.pbtxt, or ids assigned from 1 in ordinal sorted
/// order of every class name the manifest uses (one streaming pass over the manifest).</summary>
public static class LabelMapAssigner
{
    public static async Task<LabelMap> FromManifestAsync(ManifestFormat format, string manifestPath, ManifestReadOptions? options = null, CancellationToken ct = default)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var item in ManifestReaders.ReadAsync(format, manifestPath, options, ct).ConfigureAwait(false))
        {
            foreach (var box in item.Image?.Boxes ?? [])
            {
                if (!string.IsNullOrEmpty(box.ClassName))
                {
                    names.Add(box.ClassName);
                }
            }
        }

        return LabelMap.FromSortedNames(names);
    }

    /// <summary>The given map when a path is given, else the one assigned from the manifest.</summary>
    public static async Task<LabelMap> ResolveAsync(string? labelMapPath, ManifestFormat format, string manifestPath, ManifestReadOptions? options = null, CancellationToken ct = default)
        => labelMapPath is not null ? LabelMap.Load(labelMapPath) : await FromManifestAsync(format, manifestPath, options, ct).ConfigureAwait(false);
}
