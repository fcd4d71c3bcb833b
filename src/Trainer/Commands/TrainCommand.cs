using System.CommandLine;
using Cluster.Client;
using Cluster.Telemetry;
using Cluster.Trainer.Runs;
using Cluster.Trainer.Visuals;

namespace Cluster.Trainer.Commands;

/// <summary>
/// <c>cluster train --data DIR --out DIR [--epochs E] [--batch B] [--input-size S] [--replicas R] [--seed S] [--threads T]
/// [--resume CHECKPOINT] [--max-steps N] [--checkpoint-every N] [--lr X] [--eval-data DIR] [--console-telemetry]</c>: trains from converted
/// shards through the reader pipeline on R in-process replicas; writes OUT/checkpoint.ckpt (model, optimizer, reader
/// state) and OUT/training-curve.png, and prints their paths on stdout. <c>--world</c> above 1 is refused (exit 2).
/// Step spans and the step time and loss metrics export as <c>cluster-trainer</c> through OTEL_* (<see cref="TrainerTelemetry"/>).
/// </summary>
public sealed class TrainCommand : IVerb
{
    public const string CheckpointName = "checkpoint.ckpt";
    public const string PlotName = "training-curve.png";

    public Command Build(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "folder written by 'cluster convert' (summary.json, label_map.pbtxt, shards)", Required = true };
        var output = new Option<string>("--out") { Description = "folder for checkpoint.ckpt and training-curve.png", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "epochs to train", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "global batch, split over the replicas", DefaultValueFactory = _ => 32 };
        var inputSize = new Option<int>("--input-size") { Description = "model input side in pixels (multiple of 16); images are letterboxed", DefaultValueFactory = _ => 64 };
        var replicas = new Option<int>("--replicas") { Description = "data-parallel replicas in this process (cuda:i when available, else CPU)", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "seed of the weights, the shuffle and the flips", DefaultValueFactory = _ => 1 };
        var rank = new Option<int>("--rank") { Description = "this process's rank (multi-process training is not supported yet: 0 only)", DefaultValueFactory = _ => 0 };
        var world = new Option<int>("--world") { Description = "trainer processes (1 only for now)", DefaultValueFactory = _ => 1 };
        var resume = new Option<string?>("--resume") { Description = "continue from a checkpoint (same data and flags): mid-epoch, with the batches not yet seen" };
        var threads = new Option<int>("--threads") { Description = "torch threads per CPU replica (0: cores / replicas)", DefaultValueFactory = _ => 0 };
        var maxSteps = new Option<long?>("--max-steps") { Description = "stop after this many optimizer steps in total" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "checkpoint every N steps (and at each epoch's end)", DefaultValueFactory = _ => 50 };
        var learningRate = new Option<double>("--lr") { Description = "peak learning rate (AdamW, warm-up then cosine)", DefaultValueFactory = _ => 5e-3 };
        var consoleTelemetry = new Option<bool>(TelemetrySwitches.ConsoleTelemetry) { Description = "also print spans, metrics and logs to stdout (export otherwise follows OTEL_*)" };
        var evalData = new Option<string?>("--eval-data") { Description = "a converted held-out folder: mAP@0.5 every --checkpoint-every steps, drawn on the curve" };
        var command = new Command("train", "train the detector on converted shards")
        {
            data, output, epochs, batch, inputSize, replicas, seed, rank, world, resume, threads, maxSteps, checkpointEvery, learningRate, evalData, consoleTelemetry,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(world) != 1 || parse.GetValue(rank) != 0)
                throw new UsageException("--world above 1 (training across processes) is not supported yet: use --replicas for data parallelism in one process");
            var outDir = Path.GetFullPath(parse.GetRequiredValue(output));
            var options = new ShardTrainingOptions
            {
                Data = parse.GetRequiredValue(data),
                CheckpointPath = Path.Combine(outDir, CheckpointName),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                InputSize = parse.GetValue(inputSize),
                Replicas = parse.GetValue(replicas),
                Seed = parse.GetValue(seed),
                ThreadsPerReplica = parse.GetValue(threads),
                Resume = parse.GetValue(resume),
                MaxSteps = parse.GetValue(maxSteps),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                EvaluateEvery = parse.GetValue(checkpointEvery),
                LearningRate = parse.GetValue(learningRate),
                HeldOut = parse.GetValue(evalData),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            Directory.CreateDirectory(outDir);
            ShardTrainingReport report;
            await using (await TrainerTelemetry.StartAsync(parse.GetValue(consoleTelemetry), ct).ConfigureAwait(false))
            {
                report = await ShardTraining.RunAsync(options, new LineProgress(context.Error), ct).ConfigureAwait(false);
            }

            var plot = Path.Combine(outDir, PlotName);
            TrainingCurvePlot.SavePng(plot, report.Steps.Select(s => (s.Step, s.Loss)).ToArray(), report.Evaluations);
            await context.Error.WriteLineAsync(FormattableString.Invariant(
                $"stopped: {report.StopReason}; step {report.Final.Step}, epoch {report.Final.Epoch}, {report.RecordsRead} records read, {report.TrainingTime.TotalSeconds:F0} s training")).ConfigureAwait(false);
            if (report.Evaluations.Count > 0)
                await context.Out.WriteLineAsync(FormattableString.Invariant($"held-out mAP@0.5: {report.Evaluations[^1].Map:F3}")).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"checkpoint: {options.CheckpointPath}").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"plot: {plot}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
