using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cluster.Client;
using Cluster.Formats.LabelMaps;
using Cluster.Trainer.Runs;
using Cluster.Trainer.Synthetic;
using Cluster.Trainer.Visuals;

namespace Cluster.Trainer.Commands;

/// <summary>
/// <c>cluster demo [--out DIR] [--seed S] [--minutes M]</c>, the whole product in one command: (1) renders a seeded
/// shapes dataset (1-3 rectangles, circles, triangles per image) as JPEG + CSV, a training and a held-out split;
/// (2) converts both to TFRecord shards with <c>cluster convert</c> on an embedded silo; (3) trains on 2 CPU replicas
/// from the shards through the reader pipeline until held-out mAP@0.5 reaches 0.9 or M minutes pass; (4) evaluates the
/// checkpoint on the held-out shards; (5) prints mAP and the paths of the previews and the loss/mAP plot.
/// </summary>
public sealed class DemoCommand : IVerb
{
    public const double TargetMap = 0.9;

    public Command Build(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "folder for the dataset, shards, checkpoint, previews and plot", DefaultValueFactory = _ => "cluster-demo" };
        var seed = new Option<int>("--seed") { Description = "seed of the generated images, the weights and the shuffle", DefaultValueFactory = _ => 1 };
        var minutes = new Option<double>("--minutes") { Description = "training time limit (it stops earlier at held-out mAP@0.5 >= 0.9)", DefaultValueFactory = _ => 5 };
        var trainImages = new Option<int>("--train-images") { Description = "generated training images", DefaultValueFactory = _ => 4000 };
        var heldOutImages = new Option<int>("--held-out-images") { Description = "generated held-out images", DefaultValueFactory = _ => 200 };
        var maxSteps = new Option<long?>("--max-steps") { Description = "stop training after this many steps" };
        var threads = new Option<int>("--threads") { Description = "torch threads per replica (0: cores / 2)", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "generate shapes, convert them on an embedded silo, train on 2 replicas, evaluate")
        {
            output, seed, minutes, trainImages, heldOutImages, maxSteps, threads,
        };
        command.SetAction(async (parse, ct) =>
        {
            var run = new Run(Path.GetFullPath(parse.GetRequiredValue(output)), parse.GetValue(seed), parse.GetValue(minutes),
                parse.GetValue(trainImages), parse.GetValue(heldOutImages), parse.GetValue(maxSteps), parse.GetValue(threads));
            if (run.Minutes <= 0 || run.TrainImages < 1 || run.HeldOutImages < 1 || run.MaxSteps is < 1 || run.Threads < 0)
                throw new UsageException("--minutes, --train-images, --held-out-images and --max-steps must be positive, --threads 0 or more");
            return await RunAsync(run, context, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Run run, CliContext context, CancellationToken ct)
    {
        const int inputSize = 64;
        var clock = Stopwatch.StartNew();
        var progress = new LineProgress(context.Error);
        Directory.CreateDirectory(run.Out);

        // 1. A seeded labelled dataset, JPEG + CSV; one label map for both splits so ids agree.
        var labelMap = Path.Combine(run.Out, "label_map.pbtxt");
        LabelMap.FromItems(Enum.GetValues<ShapeKind>().Select(k => new LabelMapItem((int)k, k.ToString().ToLowerInvariant()))).Save(labelMap);
        var renderer = new ShapesRenderer(inputSize, inputSize, maxObjects: 3);
        var train = ShapesDatasetWriter.Write(Path.Combine(run.Out, "images", "train"), renderer, run.Seed, run.TrainImages);
        var heldOut = ShapesDatasetWriter.Write(Path.Combine(run.Out, "images", "held-out"), renderer, run.Seed + 1_000_003, run.HeldOutImages);
        progress.Report($"1/5 generated {train.Images} training images ({train.Objects} boxes) and {heldOut.Images} held-out images ({heldOut.Objects} boxes) in {run.Out}/images");

        // 2. Converted exactly as 'cluster convert' does, on an embedded silo.
        var trainShards = Path.Combine(run.Out, "shards", "train");
        var heldOutShards = Path.Combine(run.Out, "shards", "held-out");
        foreach (var (dataset, shards, name) in new[] { (train, trainShards, "train"), (heldOut, heldOutShards, "held-out") })
        {
            string[] convert =
            [
                "convert", "--format", "csv", "--manifest", dataset.ManifestPath, "--images", dataset.ImagesDirectory, "--out", shards,
                "--shards", "4", "--seed", run.Seed.ToString(CultureInfo.InvariantCulture), "--label-map", labelMap, "--name", name,
            ];
            var code = await Cli.RunAsync(convert, Verbs.All, "cluster", context.Error, context.Error, ct, handleSignals: false).ConfigureAwait(false);
            if (code != ExitCodes.Ok)
            {
                await context.Error.WriteLineAsync($"error: converting {dataset.ManifestPath} failed (exit {code})").ConfigureAwait(false);
                return code;
            }
        }

        progress.Report($"2/5 converted both splits on an embedded silo into {run.Out}/shards ({clock.Elapsed.TotalSeconds:F0} s so far)");

        // 3. Data-parallel on 2 CPU replicas from the shards, through the reader pipeline.
        var checkpoint = Path.Combine(run.Out, TrainCommand.CheckpointName);
        ShardTrainingReport report;
        await using (await TrainerTelemetry.StartAsync(consoleExporter: false, ct).ConfigureAwait(false))
        {
            report = await ShardTraining.RunAsync(new ShardTrainingOptions
            {
                Data = trainShards,
                CheckpointPath = checkpoint,
                Epochs = 1000,
                BatchSize = 32,
                InputSize = inputSize,
                Replicas = 2,
                Seed = run.Seed,
                ThreadsPerReplica = run.Threads,
                MaxSteps = run.MaxSteps,
                TimeLimit = TimeSpan.FromMinutes(run.Minutes),
                HeldOut = heldOutShards,
                EvaluateEvery = 25,
                TargetMap = TargetMap,
            }, progress, ct).ConfigureAwait(false);
        }

        progress.Report(FormattableString.Invariant(
            $"3/5 trained {report.Final.Step} steps ({report.RecordsRead} records from the shards) on 2 replicas in {report.TrainingTime.TotalSeconds:F0} s: {report.StopReason}"));

        // 4. The checkpoint on the held-out shards.
        var evaluation = await ShardEvaluation.RunAsync(heldOutShards, checkpoint, Path.Combine(run.Out, "previews"), ct: ct).ConfigureAwait(false);
        var plot = Path.Combine(run.Out, TrainCommand.PlotName);
        TrainingCurvePlot.SavePng(plot, report.Steps.Select(s => (s.Step, s.Loss)).ToArray(), report.Evaluations);
        progress.Report($"4/5 evaluated on {evaluation.Map.Images} held-out images");

        // 5. Results on stdout.
        await ShardEvaluation.WriteAsync(context.Out, evaluation, DatasetClasses.Load(heldOutShards)).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"plot: {plot}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"checkpoint: {checkpoint}").ConfigureAwait(false);
        await context.Out.WriteLineAsync(FormattableString.Invariant(
            $"demo: {report.Final.Step} steps, {report.TrainingTime.TotalSeconds:F0} s training, {clock.Elapsed.TotalSeconds:F0} s in all; target mAP@0.5 >= {TargetMap:F1} {(evaluation.Map.MeanAveragePrecision >= TargetMap ? "reached" : "not reached")}")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private sealed record Run(string Out, int Seed, double Minutes, int TrainImages, int HeldOutImages, long? MaxSteps, int Threads);
}
