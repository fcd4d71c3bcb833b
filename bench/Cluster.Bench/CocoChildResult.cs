namespace Cluster.Bench;

/// <summary>What a parse child reported: boxes and images read, rows rejected, parse seconds, peak RSS (KiB).</summary>
internal sealed record CocoChildResult(long Boxes, long Images, long Rejected, double Seconds, long PeakRssKb)
{
    public override string ToString() => $"{Boxes} boxes, {Images} images, {Rejected} rejected, {Seconds:F2} s, peak RSS {PeakRssKb / 1024.0:F1} MiB";
}
