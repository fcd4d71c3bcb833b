using System.Diagnostics;
using Cluster.Formats.Pipeline;
using Cluster.Trainer.Evaluation;
using Cluster.Trainer.Model;
using Cluster.Trainer.Synthetic;
using Cluster.Trainer.Training;
using Cluster.Trainer.Visuals;

namespace Cluster.Trainer.Demo;

/// <summary>
/// Trains the detector data-parallel on rendered shapes until held-out mAP@0.5 reaches the target. The next batch is
/// rendered on the thread pool while the current step runs; the time a step waits for it is reported as input wait.
/// </summary>
public static class ShapesDemo
{
    public static async Task<ShapesDemoReport> RunAsync(ShapesDemoOptions options, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.OutputDirectory);
        var renderer = new ShapesRenderer(options.InputSize, options.InputSize, options.MaxObjects);
        var heldOut = Enumerable.Range(0, (options.HeldOutImages + 31) / 32)
            .Select(b => ShapesBatches.Render(renderer, options.HeldOutSeed, b * 32, Math.Min(32, options.HeldOutImages - b * 32)))
            .ToArray();
        using var trainer = new DetectorTrainer(new TrainerOptions
        {
            Model = new DetectorConfig(3, options.InputSize, options.InputSize, options.BaseChannels),
            Replicas = options.Replicas,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            WarmupSteps = options.WarmupSteps,
            TotalSteps = options.MaxSteps,
            Seed = options.TrainSeed,
            ThreadsPerReplica = options.ThreadsPerReplica,
        });

        var clock = Stopwatch.StartNew();
        var evaluationTime = TimeSpan.Zero;
        var inputWait = TimeSpan.Zero;
        var results = new List<TrainStepResult>();
        var evaluations = new List<(long, double, TimeSpan)>();
        TimeSpan? timeToTarget = null;
        long? stepsToTarget = null;
        double map = 0;
        Task<DecodedBatch> Next(long step) => Task.Run(() => ShapesBatches.Render(renderer, options.TrainSeed, (int)(step * options.BatchSize), options.BatchSize), ct);
        var pending = Next(0);
        for (long step = 0; step < options.MaxSteps; step++)
        {
            var waitStart = clock.Elapsed;
            var batch = await pending.ConfigureAwait(false);
            inputWait += clock.Elapsed - waitStart;
            pending = Next(step + 1);
            results.Add(await trainer.StepAsync(batch, ct).ConfigureAwait(false));

            if ((step + 1) % options.EvaluateEvery == 0 || step + 1 == options.MaxSteps)
            {
                var evalStart = clock.Elapsed;
                map = Evaluate(trainer, heldOut);
                evaluationTime += clock.Elapsed - evalStart;
                var trainingTime = clock.Elapsed - evaluationTime;
                evaluations.Add((step + 1, map, trainingTime));
                progress?.Report($"step {step + 1}: loss {results[^1].Loss:F3}, held-out mAP@0.5 {map:F3}, {trainingTime.TotalSeconds:F0} s training");
                if (map >= options.TargetMap)
                {
                    timeToTarget = trainingTime;
                    stepsToTarget = step + 1;
                    break;
                }
            }
        }

        await pending.ConfigureAwait(false);
        var trainingElapsed = clock.Elapsed - evaluationTime;
        var previews = await trainer.CreateEvaluator().EvaluateAsync(
            heldOut.ToAsyncEnumerable(), Path.Combine(options.OutputDirectory, "previews"), ct).ConfigureAwait(false);
        var plot = Path.Combine(options.OutputDirectory, "training-curve.png");
        TrainingCurvePlot.SavePng(plot, results.Select(r => (r.Step, r.Loss)).ToArray(), evaluations.Select(e => (e.Item1, e.Item2)).ToArray());
        var checkpoint = Path.Combine(options.OutputDirectory, "detector.ckpt");
        trainer.SaveCheckpoint(checkpoint, ReadOnlyMemory<byte>.Empty);
        var stepTime = results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Elapsed);
        return new ShapesDemoReport(
            trainer.State.Step, trainingElapsed, map, timeToTarget, stepsToTarget,
            inputWait / (inputWait + stepTime), evaluations, results, previews.PreviewPaths, plot, checkpoint);
    }

    private static double Evaluate(DetectorTrainer trainer, IReadOnlyList<DecodedBatch> heldOut)
    {
        var map = new MeanAveragePrecision();
        foreach (var batch in heldOut)
            map.Add(trainer.Predict(batch), batch.Targets);
        return map.Compute().MeanAveragePrecision;
    }
}
