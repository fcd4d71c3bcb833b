namespace Cluster.Bench;

/// <summary>One case with the size of its generated file and the results of its parse children.</summary>
internal sealed record CocoMeasurement(CocoCase Case, long FileBytes, IReadOnlyList<CocoChildResult> Runs)
{
    public long MedianPeakRssKb => Runs.Select(r => r.PeakRssKb).Order().ElementAt(Runs.Count / 2);

    public double MedianSeconds => Runs.Select(r => r.Seconds).Order().ElementAt(Runs.Count / 2);

    public CocoChildResult First => Runs[0];
}
