using Cluster.Formats.Images;
using Cluster.Formats.LabelMaps;
using Cluster.Formats.Records;

namespace Cluster.Formats.Tests;

internal static class RecordBuilders
{
    public static DetectionRecordBuilder For(string root, ImageOptions options, params string[] classes)
        => new(options, LabelMap.FromSortedNames(classes.Order(StringComparer.Ordinal)), root);
}
