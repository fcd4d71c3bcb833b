using Cluster.Formats.Manifests;

namespace Cluster.Grains.Planning;

/// <summary>One line of a shard's work list: an image with its boxes, or a rejected manifest row, with the key and seeded
/// hash that placed it (shard = hash mod N; a list is sorted by hash, then key, then source position).</summary>
internal sealed record WorkItem(ulong Hash, string Key, ManifestImage? Image, QuarantineEntry? Rejected)
{
    public ManifestItem ToManifestItem() => Image is not null ? ManifestItem.Of(Image) : ManifestItem.Reject(Rejected!);

    public string SourceFile => Image?.Source.File ?? Rejected!.SourceFile;

    public long SourceLine => Image?.Source.Line ?? Rejected!.Line;
}
