using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cluster.Formats.Telemetry;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>
/// Listens to the reader's spans of one trace (the test's own root span, so parallel tests do not mix in) and to the
/// queue depth of a private <see cref="ClusterMetrics"/>.
/// </summary>
internal sealed class ReaderTelemetryCapture : IDisposable
{
    private const string TestSourceName = "Cluster.Formats.Tests.Reader";
    private static readonly ActivitySource TestSource = new(TestSourceName);
    private readonly ActivityListener _spans;
    private readonly MeterListener _meters = new();
    private readonly Activity _root;
    private long _queueDepth;

    public ReaderTelemetryCapture()
    {
        Metrics = new ClusterMetrics(new Meter($"reader-test-{Guid.NewGuid():N}"));
        _spans = new ActivityListener
        {
            ShouldListenTo = s => s.Name == TelemetryNames.ReaderSource || s.Name == TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                // Listeners are process-wide: another test's span can stop before this capture's root exists.
                if (a.Source.Name == TelemetryNames.ReaderSource && _root is { } root && a.TraceId == root.TraceId)
                {
                    Stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_spans);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == Metrics.Meter && instrument.Name == MetricNames.ReaderQueueDepth)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _queueDepth, value));
        _meters.Start();
        _root = TestSource.StartActivity("test")!;
    }

    public ClusterMetrics Metrics { get; }

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public long QueueDepth => Interlocked.Read(ref _queueDepth);

    public IReadOnlyList<Activity> Named(string name) => [.. Stopped.Where(a => a.OperationName == name)];

    public void Dispose()
    {
        _root.Dispose();
        _spans.Dispose();
        _meters.Dispose();
        Metrics.Meter.Dispose();
    }
}
