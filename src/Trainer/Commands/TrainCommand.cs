using System.CommandLine;
using System.Globalization;
using Cluster.Client;
using Cluster.Client.Conversion;
using Cluster.Grains.Training;
using Cluster.Telemetry;
using Cluster.Trainer.Parallel;
using Cluster.Trainer.Runs;
using Cluster.Trainer.Visuals;

namespace Cluster.Trainer.Commands;

/// <summary>
/// <c>cluster train --data DIR --out DIR [--epochs E] [--batch B] [--input-size S] [--replicas R] [--seed S] [--threads T]
/// [--resume CHECKPOINT] [--max-steps N] [--checkpoint-every N] [--lr X] [--eval-data DIR] [--console-telemetry]
/// [--world W --cluster HOST:PORT --run-id ID [--rank r] [--collective-timeout S] [--bucket-floats N]] [--record-log FILE]</c>:
/// trains from converted shards through the reader pipeline on R in-process replicas; writes OUT/checkpoint.ckpt (model,
/// optimizer, reader state) and OUT/training-curve.png, and prints their paths on stdout.
/// <para>
/// With <c>--world W</c> above 1 this process is one of W trainer processes: it joins run ID on the cluster (rank from
/// <c>--rank</c>, else <c>$JOB_COMPLETION_INDEX</c>, else assigned), reads only its slice of the data, and averages
/// gradients with the other ranks through the cluster's grains (<see cref="GrainGradientAllReduce"/>). <c>--batch</c>
/// stays the global batch (W must divide it). Every rank writes its own checkpoint and plot into OUT (rank 0:
/// checkpoint.ckpt, rank r: checkpoint.rank-r.ckpt; the model is bit-identical on every rank, the reader state is the
/// rank's own), and <c>--resume OUT/checkpoint.ckpt</c> makes each rank resume from its own file there.
/// </para>
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
        var rank = new Option<int?>("--rank") { Description = $"this process's rank among --world processes (default: ${CompletionIndexVariable}, else the cluster assigns one)" };
        var world = new Option<int>("--world") { Description = "trainer processes averaging gradients through --cluster (1: this process alone)", DefaultValueFactory = _ => 1 };
        var cluster = new Option<string?>("--cluster") { Description = "with --world above 1: gateways of the running cluster, HOST:PORT[,HOST:PORT...]" };
        var runId = new Option<string?>("--run-id") { Description = $"with --world above 1: the run the ranks meet in, the same on every rank (default: ${RunIdVariable})" };
        var collectiveTimeout = new Option<double>("--collective-timeout") { Description = "seconds to wait for the other ranks (to join, and at every step) before failing", DefaultValueFactory = _ => TrainingCollective.DefaultTimeout.TotalSeconds };
        var bucketFloats = new Option<int>("--bucket-floats") { Description = "floats per all-reduce message (gradient bucket)", DefaultValueFactory = _ => GradientBuckets.DefaultBucketElements };
        var recordLog = new Option<string?>("--record-log") { Description = "append the source id of every record this rank trains on to FILE, one per line" };
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
            cluster, runId, collectiveTimeout, bucketFloats, recordLog,
        };
        command.SetAction(async (parse, ct) =>
        {
            var outDir = Path.GetFullPath(parse.GetRequiredValue(output));
            var worldSize = parse.GetValue(world);
            var wantedRank = parse.GetValue(rank) ?? (worldSize > 1 ? CompletionIndex() : null);
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
                World = worldSize,
                Rank = wantedRank ?? 0,
                RecordLog = parse.GetValue(recordLog),
            };
            Validate(options);
            var timeout = TimeSpan.FromSeconds(parse.GetValue(collectiveTimeout));
            var bucket = parse.GetValue(bucketFloats);
            var clusterAddress = parse.GetValue(cluster);
            var run = parse.GetValue(runId) ?? Environment.GetEnvironmentVariable(RunIdVariable);
            if (worldSize == 1 && (clusterAddress is not null || wantedRank is > 0))
                throw new UsageException("--cluster and --rank are for training across processes: give --world above 1");
            if (worldSize > 1 && clusterAddress is null)
                throw new UsageException($"--world {worldSize} needs --cluster HOST:PORT (the ranks average gradients through the cluster's grains)");
            if (worldSize > 1 && string.IsNullOrWhiteSpace(run))
                throw new UsageException($"--world {worldSize} needs --run-id ID (or ${RunIdVariable}), the same on every rank");
            if (!(timeout > TimeSpan.Zero))
                throw new UsageException($"--collective-timeout must be positive, got {parse.GetValue(collectiveTimeout)}");
            if (bucket < 1 || bucket > GradientBuckets.MaxBucketElements)
                throw new UsageException($"--bucket-floats must be 1..{GradientBuckets.MaxBucketElements}, got {bucket}");

            Directory.CreateDirectory(outDir);
            var progress = new LineProgress(context.Error);
            ShardTrainingReport report;
            GrainGradientAllReduce? allReduce = null;
            if (worldSize == 1)
            {
                await using (await TrainerTelemetry.StartAsync(parse.GetValue(consoleTelemetry), ct).ConfigureAwait(false))
                {
                    report = await ShardTraining.RunAsync(options, progress, ct).ConfigureAwait(false);
                }
            }
            else
            {
                // The connection's host also carries the trainer's telemetry (one exporter per process).
                await using var connection = await ClusterConnection.OpenAsync(clusterAddress, parse.GetValue(consoleTelemetry), TrainerTelemetry.ServiceName, ct).ConfigureAwait(false);
                progress.Report($"joining run '{run}' as {(wantedRank is { } r ? $"rank {r}" : "any rank")} of {worldSize} at {clusterAddress}");
                var collective = await TrainingCollective.JoinAsync(connection.Grains, run!, worldSize, wantedRank, timeout, bucket, ct).ConfigureAwait(false);
                progress.Report($"rank {collective.Rank} of {worldSize}: every rank has joined run '{run}'");
                options = ForRank(options, collective.Rank, outDir);
                Validate(options);
                allReduce = new GrainGradientAllReduce(collective);
                report = await ShardTraining.RunAsync(options, allReduce, progress, ct).ConfigureAwait(false);
            }

            var plot = Path.Combine(outDir, RankFileName(PlotName, options.Rank));
            TrainingCurvePlot.SavePng(plot, report.Steps.Select(s => (s.Step, s.Loss)).ToArray(), report.Evaluations);
            await context.Error.WriteLineAsync(FormattableString.Invariant(
                $"stopped: {report.StopReason}; step {report.Final.Step}, epoch {report.Final.Epoch}, {report.RecordsRead} records read, {report.TrainingTime.TotalSeconds:F0} s training")).ConfigureAwait(false);
            if (report.Steps.Count > 0)
            {
                var steps = report.Steps.Count;
                var line = FormattableString.Invariant($"rank {options.Rank} of {options.World}: {steps} steps, {report.Steps.Average(s => s.Elapsed.TotalMilliseconds):F1} ms per step");
                if (allReduce?.Collective is { } c)
                {
                    line += FormattableString.Invariant(
                        $" of which {c.Elapsed.TotalMilliseconds / steps:F1} ms in the collectives (waiting for the other ranks included), {c.BytesSent / steps} gradient bytes sent and {c.BytesReceived / steps} received per step");
                }

                await context.Error.WriteLineAsync(line).ConfigureAwait(false);
            }

            if (report.Evaluations.Count > 0)
                await context.Out.WriteLineAsync(FormattableString.Invariant($"held-out mAP@0.5: {report.Evaluations[^1].Map:F3}")).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"checkpoint: {options.CheckpointPath}").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"plot: {plot}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The variable a Kubernetes Indexed Job sets to the pod's completion index: the rank when --rank is absent.</summary>
    public const string CompletionIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The run id when --run-id is absent (the deployment's per-run ConfigMap sets it).</summary>
    public const string RunIdVariable = "CLUSTER_RUN_ID";

    /// <summary><paramref name="name"/> for rank 0, <c>NAME.rank-R.EXT</c> for rank R above 0.</summary>
    public static string RankFileName(string name, int rank) =>
        rank == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(name)}.rank-{rank}{Path.GetExtension(name)}");

    private static int? CompletionIndex()
    {
        var value = Environment.GetEnvironmentVariable(CompletionIndexVariable);
        if (string.IsNullOrWhiteSpace(value))
            return null;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new UsageException($"${CompletionIndexVariable} must be a rank (0, 1, ...), got '{value}'");
    }

    /// <summary>The options of rank <paramref name="rank"/>: its own checkpoint file (and resume file) in the output folder.</summary>
    private static ShardTrainingOptions ForRank(ShardTrainingOptions options, int rank, string outDir) => options with
    {
        Rank = rank,
        CheckpointPath = Path.Combine(outDir, RankFileName(CheckpointName, rank)),
        Resume = options.Resume is { } resume
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(resume))!, RankFileName(Path.GetFileName(resume), rank))
            : null,
    };

    private static void Validate(ShardTrainingOptions options)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
