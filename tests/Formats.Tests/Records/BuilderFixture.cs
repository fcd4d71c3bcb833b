using Cluster.Formats.Manifests;

namespace Cluster.Formats.Tests.Records;

internal static class BuilderFixture
{
    public static readonly SourceLocation Source = new("labels.csv", 2);

    public static ManifestBox Box(double x0, double y0, double x1, double y1, string cls = "cat", long line = 2)
        => new(x0, y0, x1, y1, cls, null, false, false, null, false, null, new SourceLocation("labels.csv", line));

    public static ManifestImage Image(string path, int? w, int? h, params ManifestBox[] boxes) => new(path, w, h, boxes, Source);
}
