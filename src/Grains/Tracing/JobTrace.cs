using System.Diagnostics;
using Cluster.Formats.Telemetry;

namespace Cluster.Grains.Tracing;

/// <summary>
/// The job span of one activation of a job grain. It outlives the grain call that started it (a job runs over many
/// turns and timer ticks), so it is never left as <see cref="Activity.Current"/>: <see cref="Enter"/> makes it the
/// current span only while the job drives its writers, so their grain calls join the job's trace.
/// </summary>
internal sealed class JobTrace
{
    private Activity? _span;

    /// <summary>The W3C <c>traceparent</c> of the job span (what shard assignments carry); null when nobody traces.</summary>
    public string? TraceParent => _span?.Id;

    /// <summary>Starts the job span once per activation: a child of <paramref name="resumedFrom"/> (the job span of an
    /// earlier activation) when given, else of the caller's span.</summary>
    public void Start(string jobId, ConversionJobSpec spec, string? resumedFrom)
    {
        if (_span is not null)
        {
            return;
        }

        var previous = Activity.Current;
        var parent = ActivityContext.TryParse(resumedFrom, null, out var context) ? context : default;
        _span = ConversionSpans.StartJob(jobId, spec.Format, spec.ShardCount, parent);
        Activity.Current = previous;
    }

    /// <summary>Makes the job span current until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        var previous = Activity.Current;
        if (_span is not null)
        {
            Activity.Current = _span;
        }

        return new Scope(previous);
    }

    public void Complete(long records, long bytes)
    {
        _span.SetTotals(records, bytes);
        End();
    }

    public void Fail(string errorType, string description)
    {
        _span.RecordFailure(errorType, description);
        End();
    }

    private void End()
    {
        var previous = Activity.Current;
        _span?.Stop();
        Activity.Current = previous;
        _span = null;
    }

    /// <summary>Restores the span that was current before <see cref="Enter"/>.</summary>
    public readonly struct Scope(Activity? previous) : IDisposable
    {
        public void Dispose() => Activity.Current = previous;
    }
}
