using System.Diagnostics;
using Cluster.Silo.Tests.Data;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary>
/// <c>kill -9</c> of an embedded <c>cluster convert</c> mid-job, then the same command again: published shards are kept
/// (their recorded SHA-256 checks out, they are not rewritten), the half-written temporary file is never taken for a
/// shard, and the final bytes equal a clean run.
/// </summary>
public sealed class RerunAfterKillTests : IDisposable
{
    private const int Shards = 4;
    private const long Seed = 3;
    private readonly TempDirectory _temp = new("cluster-kill");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Convert_KilledMidJobThenRunAgain_KeepsPublishedShardsAndEqualsCleanRun()
    {
        var manifest = SlowShardDataset.Create(_temp.File("data"), images: 160, Shards, Seed);
        var outDir = _temp.File("out");
        string[] Args(string dir) => ["convert", "--format", "csv", "--manifest", manifest, "--images", Path.Combine(Path.GetDirectoryName(manifest)!, "images"), "--out", dir, "--shards", $"{Shards}", "--seed", $"{Seed}", "--max-side", "100"];
        var work = Path.Combine(outDir, ".cluster-work");

        using (var first = StartProcess(Args(outDir)))
        {
            await WaitForAsync(() => Directory.Exists(work) && Directory.EnumerateFiles(work, "*.done.json").Any(), first, "a first published shard");
            first.Kill();
            await first.WaitForExitAsync();
        }

        var markersAtKill = Directory.EnumerateFiles(work, "*.done.json").Select(Path.GetFileName).Order().ToList();
        var tempsAtKill = Directory.EnumerateFiles(outDir, ".data-*.tmp").ToList();
        Assert.InRange(markersAtKill.Count, 1, Shards - 1);
        Assert.NotEmpty(tempsAtKill);
        Assert.DoesNotContain("shard-00000.done.json", markersAtKill);
        Assert.False(File.Exists(Path.Combine(outDir, "summary.json")));
        var published = markersAtKill.Select(m => Path.Combine(outDir, $"data-{int.Parse(m!.AsSpan(6, 5), System.Globalization.CultureInfo.InvariantCulture):D5}-of-{Shards:D5}.tfrecord"))
            .ToDictionary(p => p, File.GetLastWriteTimeUtc);

        var again = CliRun.Process(Args(outDir));

        Assert.Equal(0, again.ExitCode);
        foreach (var (path, written) in published)
        {
            Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        }

        Assert.All(tempsAtKill, t => Assert.False(File.Exists(t), $"{t} left behind"));
        var (summary, _, _) = ConvertOutput.Check(outDir, Shards);
        Assert.True(160 == summary.ImagesWritten, $"{again.Out}\n{again.Error}\n{summary.ToJson()}");

        var clean = _temp.File("clean");
        Assert.Equal(0, (await CliRun.InProcessAsync(Args(clean))).ExitCode);
        foreach (var shard in summary.Shards)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(clean, shard.File)), File.ReadAllBytes(Path.Combine(outDir, shard.File)));
        }
    }

    private static Process StartProcess(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cluster.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(Func<bool> condition, Process process, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited)
            {
                Assert.Fail($"cluster convert exited ({process.ExitCode}) before {what}");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                process.Kill();
                Assert.Fail($"no {what} within 60 s");
            }

            await Task.Delay(5);
        }
    }
}
