using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cluster.Formats.Telemetry;
using Cluster.Trainer.Training;

namespace Cluster.Trainer.Tests;

public class TrainerTelemetryTests
{
    private const string TestSourceName = "Cluster.Trainer.Tests.Telemetry";
    private static readonly ActivitySource TestSource = new(TestSourceName);

    [Fact]
    public async Task StepAsync_ThreeSteps_ThreeStepSpansThreeStepTimesAndTheLastLossAsGauge()
    {
        const int steps = 3;
        var spans = new ConcurrentQueue<Activity>();
        Activity? root = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is TelemetryNames.TrainerSource or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == TelemetryNames.TrainerSource && root is not null && a.TraceId == root.TraceId)
                    spans.Enqueue(a);
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var meter = new Meter($"trainer-test-{Guid.NewGuid():N}");
        var metrics = new ClusterMetrics(meter);
        var stepTimes = new ConcurrentQueue<double>();
        var losses = new ConcurrentQueue<double>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            Assert.Contains(tags.ToArray(), t => t.Key == TelemetryAttributes.TrainerRank && Equals(t.Value, 1));
            if (instrument.Name == MetricNames.TrainerStepDuration)
                stepTimes.Enqueue(value);
            else if (instrument.Name == MetricNames.TrainerLoss)
                losses.Enqueue(value);
        });
        meters.Start();

        var results = new List<TrainStepResult>();
        using (root = TestSource.StartActivity("test"))
        using (var trainer = new DetectorTrainer(TinyModels.Options(replicas: 1) with { Rank = 1, World = 2 }, metrics: metrics))
        {
            for (var step = 0; step < steps; step++)
                results.Add(await trainer.StepAsync(TinyModels.Batch(step * 4, 4)));
        }

        var stepSpans = spans.Where(s => s.OperationName == SpanNames.TrainerStep).OrderBy(s => (long)s.GetTagItem(TelemetryAttributes.TrainerStep)!).ToList();
        Assert.Equal(steps, stepSpans.Count);
        Assert.Equal([0L, 1L, 2L], stepSpans.Select(s => (long)s.GetTagItem(TelemetryAttributes.TrainerStep)!));
        Assert.All(stepSpans, s => Assert.Equal(1, s.GetTagItem(TelemetryAttributes.TrainerRank)));
        Assert.All(stepSpans, s => Assert.Equal(2, s.GetTagItem(TelemetryAttributes.TrainerWorldSize)));
        Assert.All(stepSpans, s => Assert.Equal(root!.SpanId, s.ParentSpanId));
        Assert.Equal(results.Select(r => r.Loss), stepSpans.Select(s => (double)s.GetTagItem(TelemetryAttributes.TrainerLoss)!));
        Assert.Equal(results.Select(r => r.Elapsed.TotalSeconds), stepTimes);
        Assert.Equal(steps, losses.Count);
        Assert.Equal(results[^1].Loss, losses.Last());
    }
}
