using System.Diagnostics;
using Cluster.Formats.Pipeline;
using Cluster.Trainer.Evaluation;
using Cluster.Trainer.Model;
using Cluster.Trainer.Parallel;
using Cluster.Trainer.Training;

namespace Cluster.Trainer.Runs;

/// <summary>
/// Trains the detector data-parallel from converted shards: every global batch comes from the reader pipeline and the
/// decode stage; checkpoints hold model, optimizer and the pipeline's state, so a resumed run continues mid-epoch with
/// exactly the batches the stopped one had not seen.
/// </summary>
public static class ShardTraining
{
    public static Task<ShardTrainingReport> RunAsync(ShardTrainingOptions options, IProgress<string>? progress = null, CancellationToken ct = default) =>
        RunAsync(options, allReduce: null, progress, ct);

    /// <summary>
    /// Trains as rank <see cref="ShardTrainingOptions.Rank"/> of <see cref="ShardTrainingOptions.World"/>: this rank reads
    /// only its slice of every epoch (the reader's rank split: disjoint, and the same number of batches on every rank),
    /// and <paramref name="allReduce"/> (required when the world is above 1) averages the gradients with the other ranks.
    /// Only rank 0 evaluates the held-out set.
    /// </summary>
    public static async Task<ShardTrainingReport> RunAsync(ShardTrainingOptions options, IGradientAllReduce? allReduce, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.World > 1 && allReduce is null)
            throw new ArgumentException($"a world of {options.World} ranks needs a cross-process all-reduce", nameof(allReduce));
        var classes = DatasetClasses.Load(options.Data);
        var reader = new ReaderOptions
        {
            Seed = options.Seed, BatchSize = options.RankBatchSize, ShuffleBuffer = options.ShuffleBuffer, Rank = options.Rank, World = options.World,
        };
        await using var input = ShardInput.Open(options.Data, reader, options.InputSize, options.FlipProbability);
        // Every rank reads ceil(records / world) records per epoch (the rank split pads the short ranks).
        var rankRecords = (input.Records + options.World - 1) / options.World;
        var stepsPerEpoch = (rankRecords + options.RankBatchSize - 1) / options.RankBatchSize;
        var plannedSteps = options.MaxSteps ?? (stepsPerEpoch > 0 ? stepsPerEpoch * options.Epochs : null);
        using var trainer = new DetectorTrainer(new TrainerOptions
        {
            Model = new DetectorConfig(classes.Count, options.InputSize, options.InputSize, options.BaseChannels),
            Replicas = options.Replicas,
            BatchSize = options.RankBatchSize,
            LearningRate = options.LearningRate,
            WarmupSteps = options.WarmupSteps,
            TotalSteps = plannedSteps,
            Seed = options.Seed,
            ThreadsPerReplica = options.ThreadsPerReplica,
            Rank = options.Rank,
            World = options.World,
        }, allReduce);

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

        ShardInput? heldOut = options.HeldOut is null || options.Rank != 0
            ? null
            : ShardInput.Open(options.HeldOut, new ReaderOptions { Seed = 0, BatchSize = options.BatchSize, ShuffleBuffer = 1, ShuffleFiles = false }, options.InputSize);
        var applied = new AppliedPosition(input.Batches.SaveState().ToBytes());
        await using var recordLog = options.RecordLog is null ? null : new StreamWriter(options.RecordLog, append: true);
        try
        {
            return await TrainAsync(options, trainer, input, heldOut, resumedMidEpoch, applied, recordLog, progress, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The state after the last completed step: the batch in flight was not applied, so resuming replays nothing twice.
            if (trainer.State.Step > 0)
            {
                trainer.SaveCheckpoint(options.CheckpointPath, applied.ReaderState);
                progress?.Report($"interrupted at step {trainer.State.Step}: checkpoint saved to {options.CheckpointPath}");
            }
            else
            {
                progress?.Report("interrupted before the first step");
            }

            throw;
        }
        finally
        {
            if (heldOut is not null)
                await heldOut.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<ShardTrainingReport> TrainAsync(ShardTrainingOptions options, DetectorTrainer trainer, ShardInput input, ShardInput? heldOut,
        bool resumedMidEpoch, AppliedPosition applied, StreamWriter? recordLog, IProgress<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var evaluating = TimeSpan.Zero;
        var steps = new List<TrainStepResult>();
        var evaluations = new List<(long, double)>();
        long records = 0;
        string? stop = null;
        void Save() => trainer.SaveCheckpoint(options.CheckpointPath, applied.ReaderState);

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
                applied.ReaderState = input.Batches.SaveState().ToBytes();
                if (recordLog is not null)
                {
                    foreach (var id in batch.SourceIds)
                        await recordLog.WriteLineAsync(id.AsMemory(), ct).ConfigureAwait(false);
                }

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

    /// <summary>The reader's state after the last batch whose step was applied (what an interrupted run checkpoints).</summary>
    private sealed class AppliedPosition(byte[] readerState)
    {
        public byte[] ReaderState { get; set; } = readerState;
    }

    private static async Task<MeanAveragePrecisionResult> EvaluateAsync(DetectorTrainer trainer, ShardInput heldOut, CancellationToken ct)
    {
        heldOut.Batches.Reset(0);
        var report = await trainer.CreateEvaluator().EvaluateAsync(heldOut.Batches, previewDirectory: null, ct).ConfigureAwait(false);
        return report.Map;
    }
}
