using System.Diagnostics;
using Cluster.Formats.Pipeline;
using Cluster.Trainer.Evaluation;
using Cluster.Trainer.Model;
using Cluster.Trainer.Training;

namespace Cluster.Trainer.Runs;

/// <summary>
/// Trains the detector data-parallel from converted shards: every global batch comes from the reader pipeline and the
/// decode stage; checkpoints hold model, optimizer and the pipeline's state, so a resumed run continues mid-epoch with
/// exactly the batches the stopped one had not seen.
/// </summary>
public static class ShardTraining
{
    public static async Task<ShardTrainingReport> RunAsync(ShardTrainingOptions options, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var classes = DatasetClasses.Load(options.Data);
        var reader = new ReaderOptions { Seed = options.Seed, BatchSize = options.BatchSize, ShuffleBuffer = options.ShuffleBuffer };
        await using var input = ShardInput.Open(options.Data, reader, options.InputSize, options.FlipProbability);
        var stepsPerEpoch = (input.Records + options.BatchSize - 1) / options.BatchSize;
        var plannedSteps = options.MaxSteps ?? (stepsPerEpoch > 0 ? stepsPerEpoch * options.Epochs : null);
        using var trainer = new DetectorTrainer(new TrainerOptions
        {
            Model = new DetectorConfig(classes.Count, options.InputSize, options.InputSize, options.BaseChannels),
            Replicas = options.Replicas,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            WarmupSteps = options.WarmupSteps,
            TotalSteps = plannedSteps,
            Seed = options.Seed,
            ThreadsPerReplica = options.ThreadsPerReplica,
        });

        var resumedMidEpoch = false;
        if (options.Resume is { } resume)
        {
            var readerState = trainer.RestoreCheckpoint(resume);
            if (readerState.Length > 0)
            {
                input.Batches.RestoreState(PipelineState.FromBytes(readerState));
                resumedMidEpoch = input.Source.Epoch == trainer.State.Epoch;
            }

            progress?.Report($"resumed from {resume} at step {trainer.State.Step}, epoch {trainer.State.Epoch}{(resumedMidEpoch ? " (mid-epoch)" : "")}");
        }

        ShardInput? heldOut = options.HeldOut is null
            ? null
            : ShardInput.Open(options.HeldOut, new ReaderOptions { Seed = 0, BatchSize = options.BatchSize, ShuffleBuffer = 1, ShuffleFiles = false }, options.InputSize);
        try
        {
            return await TrainAsync(options, trainer, input, heldOut, resumedMidEpoch, progress, ct).ConfigureAwait(false);
        }
        finally
        {
            if (heldOut is not null)
                await heldOut.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<ShardTrainingReport> TrainAsync(ShardTrainingOptions options, DetectorTrainer trainer, ShardInput input, ShardInput? heldOut,
        bool resumedMidEpoch, IProgress<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var evaluating = TimeSpan.Zero;
        var steps = new List<TrainStepResult>();
        var evaluations = new List<(long, double)>();
        long records = 0;
        string? stop = null;
        void Save() => trainer.SaveCheckpoint(options.CheckpointPath, input.Batches.SaveState().ToBytes());

        while (stop is null && trainer.State.Epoch < options.Epochs)
        {
            if (!resumedMidEpoch)
                input.Batches.Reset(trainer.State.Epoch);
            resumedMidEpoch = false;
            while (stop is null && await input.Batches.MoveNextAsync(ct).ConfigureAwait(false))
            {
                var batch = input.Batches.Current;
                records += batch.Count;
                var result = await trainer.StepAsync(batch, ct).ConfigureAwait(false);
                steps.Add(result);
                var step = trainer.State.Step;
                if (step % options.CheckpointEvery == 0)
                    Save();
                if (heldOut is not null && step % options.EvaluateEvery == 0)
                {
                    var started = clock.Elapsed;
                    var map = (await EvaluateAsync(trainer, heldOut, ct).ConfigureAwait(false)).MeanAveragePrecision;
                    evaluating += clock.Elapsed - started;
                    evaluations.Add((step, map));
                    progress?.Report(FormattableString.Invariant($"step {step} (epoch {trainer.State.Epoch}): loss {result.Loss:F3}, held-out mAP@0.5 {map:F3}, {clock.Elapsed.TotalSeconds:F0} s"));
                    if (options.TargetMap is { } target && map >= target)
                        stop = FormattableString.Invariant($"held-out mAP@0.5 {map:F3} reached the target {target:F2}");
                }
                else if (step % 10 == 0)
                {
                    progress?.Report(FormattableString.Invariant($"step {step} (epoch {trainer.State.Epoch}): loss {result.Loss:F3}, {clock.Elapsed.TotalSeconds:F0} s"));
                }

                if (stop is null && options.MaxSteps is { } max && step >= max)
                    stop = $"--max-steps {max} reached";
                if (stop is null && options.TimeLimit is { } limit && clock.Elapsed >= limit)
                    stop = FormattableString.Invariant($"time limit {limit.TotalMinutes:0.##} min reached");
            }

            if (stop is null)
            {
                trainer.CompleteEpoch();
                progress?.Report($"epoch {trainer.State.Epoch - 1} done at step {trainer.State.Step}");
            }

            Save();
        }

        if (heldOut is not null && (evaluations.Count == 0 || evaluations[^1].Item1 != trainer.State.Step))
        {
            var map = (await EvaluateAsync(trainer, heldOut, ct).ConfigureAwait(false)).MeanAveragePrecision;
            evaluations.Add((trainer.State.Step, map));
        }

        return new ShardTrainingReport(trainer.State, steps, evaluations, clock.Elapsed - evaluating, stop ?? $"{options.Epochs} epoch(s) done", records);
    }

    private static async Task<MeanAveragePrecisionResult> EvaluateAsync(DetectorTrainer trainer, ShardInput heldOut, CancellationToken ct)
    {
        heldOut.Batches.Reset(0);
        var report = await trainer.CreateEvaluator().EvaluateAsync(heldOut.Batches, previewDirectory: null, ct).ConfigureAwait(false);
        return report.Map;
    }
}
