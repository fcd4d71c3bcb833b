using System.Diagnostics;
using System.Globalization;
using Cluster.Grains;

namespace Cluster.Client.Conversion;

/// <summary>Images per second since writing began, and the time left at that rate.</summary>
internal sealed class ProgressRate
{
    private readonly Stopwatch _clock = new();
    private long _firstDone = -1;

    public double ItemsPerSecond { get; private set; }

    public TimeSpan? Remaining { get; private set; }

    public void Update(JobProgress progress)
    {
        if (progress.Phase != JobPhase.Writing)
        {
            return;
        }

        if (_firstDone < 0)
        {
            _firstDone = progress.ItemsDone;
            _clock.Start();
            return;
        }

        var seconds = _clock.Elapsed.TotalSeconds;
        ItemsPerSecond = seconds > 0 ? (progress.ItemsDone - _firstDone) / seconds : 0;
        Remaining = ItemsPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, progress.ItemsPlanned - progress.ItemsDone) / ItemsPerSecond) : null;
    }

    public string Describe(JobProgress p) => p.Phase switch
    {
        JobPhase.Planning => $"job {p.JobId}: planning (reading the manifest)",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"job {p.JobId}: {p.ItemsDone}/{p.ItemsPlanned} images ({Percent(p):F0}%), {p.ShardsDone}/{p.ShardCount} shards, {ItemsPerSecond:F0} images/s, ETA {(Remaining is { } r ? r.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "?")}"),
    };

    /// <summary>The progress bar's label (the bar itself shows the percentage and the time left).</summary>
    public string Label(JobProgress p) => p.Phase switch
    {
        JobPhase.Planning => "planning",
        JobPhase.Writing => string.Create(CultureInfo.InvariantCulture, $"{p.ItemsDone}/{p.ItemsPlanned} images, {p.ShardsDone}/{p.ShardCount} shards, {ItemsPerSecond:F0} images/s"),
        _ => p.Phase.ToString().ToLowerInvariant(),
    };

    private static double Percent(JobProgress p) => p.ItemsPlanned == 0 ? 0 : 100.0 * p.ItemsDone / p.ItemsPlanned;
}
