using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cluster.Tests.Shared;
using SixLabors.ImageSharp;

namespace Cluster.Trainer.Tests;

/// <summary>The train, eval and demo verbs of cluster-trainer, run as a user runs them, on real converted shards.</summary>
[Collection(TinyDemoCollection.Name)]
public sealed partial class TrainerCommandsTests(TinyDemoFixture demo)
{
    [Fact]
    public void Demo_TinyRun_ConvertsTrainsEvaluatesAndPrintsMapAndPaths()
    {
        var r = demo.Demo;

        Assert.True(r.ExitCode == 0, r.Error);
        var map = double.Parse(MapLine().Match(r.Out).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(map, 0, 1);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(demo.TrainShards, "summary.json")));
        Assert.Equal(64, summary.RootElement.GetProperty("imagesWritten").GetInt64());
        Assert.Equal(4, Directory.GetFiles(demo.TrainShards, "*.tfrecord").Length);
        Assert.Contains("4 steps (128 records from the shards)", r.Error, StringComparison.Ordinal);
        var previews = r.Out.Split('\n').Where(l => l.StartsWith("preview: ", StringComparison.Ordinal)).Select(l => l["preview: ".Length..].Trim()).ToArray();
        Assert.Equal(8, previews.Length);
        Assert.All(previews, p => Assert.True(Image.Identify(p).Width > 0));
        var plot = Regex.Match(r.Out, "plot: (.+)").Groups[1].Value.Trim();
        Assert.True(Image.Identify(plot).Width > 0);
    }

    [Fact]
    public async Task Eval_DemoCheckpoint_PrintsPerClassApAndWritesPreviews()
    {
        using var dir = new TempDirectory("eval");

        var r = await TrainerCli.RunAsync("eval", "--data", demo.HeldOutShards, "--checkpoint", demo.Checkpoint, "--out", dir.Path);

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("AP@0.5 rectangle: ", r.Out, StringComparison.Ordinal);
        Assert.Contains("AP@0.5 triangle: ", r.Out, StringComparison.Ordinal);
        Assert.Matches(MapLine(), r.Out);
        Assert.Equal(8, Directory.GetFiles(Path.Combine(dir.Path, "previews"), "*.png").Length);
    }

    [Fact]
    public async Task Train_ResumeMidEpoch_ContinuesFromTheCheckpointStep()
    {
        using var dir = new TempDirectory("train");
        string[] common = ["train", "--data", demo.TrainShards, "--out", dir.Path, "--batch", "16", "--threads", "1", "--checkpoint-every", "1"];

        var first = await TrainerCli.RunAsync([.. common, "--max-steps", "2"]);
        var second = await TrainerCli.RunAsync([.. common, "--max-steps", "3", "--resume", Path.Combine(dir.Path, "checkpoint.ckpt")]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("resumed from", second.Error, StringComparison.Ordinal);
        Assert.Contains("at step 2, epoch 0 (mid-epoch)", second.Error, StringComparison.Ordinal);
        Assert.Contains("step 3, epoch 0, 16 records read", second.Error, StringComparison.Ordinal);
        var (model, state) = Checkpoints.Checkpoint.LoadModel(Path.Combine(dir.Path, "checkpoint.ckpt"));
        using (model)
            Assert.Equal(3, state.Step);
    }

    [Fact]
    public async Task Train_WorldAboveOneWithoutCluster_ExitsUsage()
    {
        var r = await TrainerCli.RunAsync("train", "--data", demo.TrainShards, "--out", Path.GetTempPath(), "--world", "2", "--rank", "1");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--world 2 needs --cluster", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_FolderWithoutLabelMap_ExitsFailureNamingTheFile()
    {
        using var dir = new TempDirectory("eval-bad");

        var r = await TrainerCli.RunAsync("eval", "--data", dir.Path, "--checkpoint", demo.Checkpoint);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("label_map.pbtxt", r.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"mAP@0\.5: ([0-9.]+) \(PASCAL VOC")]
    private static partial Regex MapLine();
}
