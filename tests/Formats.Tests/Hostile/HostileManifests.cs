using Cluster.Formats.Manifests;

namespace Cluster.Formats.Tests.Hostile;

internal static class HostileManifests
{
    public const string CsvHeader = "filename,width,height,class,xmin,ymin,xmax,ymax\n";

    /// <summary>Reads every item on a worker thread, under <see cref="HostileRun.Limit"/>, measuring allocation.</summary>
    public static Task<(List<ManifestItem> Result, long Allocated)> ReadAsync(ManifestFormat format, string path) =>
        HostileRun.MeasuredAsync(() => ManifestReaders.ReadAsync(format, path).ToBlockingEnumerable().ToList());

    /// <summary>The <see cref="ManifestException"/> reading <paramref name="path"/> ends in (the test fails if it ends otherwise).</summary>
    public static async Task<(ManifestException Error, long Allocated)> FailsAsync(ManifestFormat format, string path) =>
        await HostileRun.FailsAsync<ManifestException>(() => ManifestReaders.ReadAsync(format, path).ToBlockingEnumerable().ToList());
}
