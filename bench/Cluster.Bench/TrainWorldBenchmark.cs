using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cluster.Bench;

/// <summary>
/// <c>train-world</c>: the same global batch trained by one <c>cluster-trainer</c> process (1 replica, then 2 in-process
/// replicas) and by two processes (<c>--world 2</c>, one replica each) averaging gradients through a <c>cluster-silo</c>
/// process over loopback, side by side in rounds: step time (the trainer's own per-step figure), the time in the
/// collectives, gradient bytes per step and the processes' CPU time. Writes bench/results/train-world.md.
/// </summary>
internal static partial class TrainWorldBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchOptions(args);
        var steps = options.Int("--steps", 30);
        var batch = options.Int("--batch", 16);
        var inputSize = options.Int("--input-size", 64);
        var rounds = options.Int("--rounds", 2);
        var output = options.String("--out", Path.Combine(BenchPaths.Results, "train-world.md"));
        var folder = Path.Combine(BenchPaths.Scratch, "train-world");
        Directory.CreateDirectory(folder);
        try
        {
            var demo = await RunAsync(Environment(null), "demo", "--out", Path.Combine(folder, "demo"), "--train-images", "512", "--held-out-images", "16", "--max-steps", "1", "--threads", "1");
            if (demo.Exit != 0)
                throw new InvalidOperationException($"demo (to make shards) failed:\n{demo.Error}");
            var data = Path.Combine(folder, "demo", "shards", "train");
            var clusterId = $"bench-world-{Guid.NewGuid():N}"[..24];
            using var silo = await BenchSilo.StartAsync(clusterId, null);
            string[] Train(string name, int replicas) =>
            [
                "train", "--data", data, "--out", Path.Combine(folder, name), "--batch", $"{batch}", "--input-size", $"{inputSize}", "--replicas", $"{replicas}",
                "--threads", "1", "--max-steps", $"{steps}", "--checkpoint-every", "100000",
            ];
            var rows = new List<Row>();
            for (var round = 0; round < rounds; round++)
            {
                var cpu = ChildCpu.Total();
                var one = await RunAsync(Environment(null), Train("one", 1));
                rows.Add(Row.From("1 process, 1 replica", [one], ChildCpu.Total() - cpu));
                cpu = ChildCpu.Total();
                var two = await RunAsync(Environment(null), Train("two-replicas", 2));
                rows.Add(Row.From("1 process, 2 replicas", [two], ChildCpu.Total() - cpu));
                var run = $"bench-{round}-{Guid.NewGuid():N}";
                cpu = ChildCpu.Total();
                var ranks = await Task.WhenAll(Enumerable.Range(0, 2).Select(rank => RunAsync(Environment(clusterId),
                    [.. Train("world", 1), "--world", "2", "--rank", $"{rank}", "--cluster", $"127.0.0.1:{silo.GatewayPort}", "--run-id", run])));
                rows.Add(Row.From("2 processes (--world 2), 1 replica each", ranks, ChildCpu.Total() - cpu));
            }

            var text = Render(rows, steps, batch, inputSize, silo.CpuTime());
            await File.WriteAllTextAsync(output, text);
            Console.WriteLine(text);
            Console.Error.WriteLine($"written to {output}");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string> Environment(string? clusterId) => clusterId is null ? [] : new() { ["Cluster__ClusterId"] = clusterId };

    private static async Task<Child> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cluster-trainer.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var error = await stderr;
        await stdout;
        return new Child(process.ExitCode, error);
    }

    private static string Render(List<Row> rows, int steps, int batch, int inputSize, TimeSpan siloCpu)
    {
        var text = new StringBuilder();
        text.AppendLine("# train-world: one trainer process against two averaging through the cluster");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/Cluster.Bench -- train-world`, {DateTime.UtcNow:yyyy-MM-dd}, {System.Environment.ProcessorCount} cores (shared with other sessions: load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Global batch {batch}, input {inputSize}×{inputSize}, {steps} steps, 1 torch thread per replica, generated shapes converted to shards; the two ranks reach one `cluster-silo` process over loopback. Step time is the trainer's own mean per step (forward, backward, all-reduce, optimizer); CPU is user + system of the trainer process(es) including start-up.");
        text.AppendLine();
        text.AppendLine("| setup | ms per step | of which collectives (ms) | gradient bytes sent per step per rank | trainer CPU (s) |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var row in rows)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Setup} | {row.StepMs:F1} | {(row.CollectiveMs is { } c ? c.ToString("F1", CultureInfo.InvariantCulture) : "—")} | {(row.Bytes is { } b ? b.ToString(CultureInfo.InvariantCulture) : "—")} | {row.CpuSeconds:F1} |");
        text.AppendLine();
        foreach (var setup in rows.Select(r => r.Setup).Distinct())
        {
            var best = rows.Where(r => r.Setup == setup).Min(r => r.StepMs);
            var baseline = rows.Where(r => r.Setup == rows[0].Setup).Min(r => r.StepMs);
            text.AppendLine(CultureInfo.InvariantCulture, $"- {setup}: best {best:F1} ms per step, {best / baseline:F2}× the time of 1 process, 1 replica");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- silo CPU over the whole benchmark: {siloCpu.TotalSeconds:F1} s");
        return text.ToString();
    }

    [GeneratedRegex(@"of (\d+): (\d+) steps, ([0-9.]+) ms per step(?: of which ([0-9.]+) ms in the collectives.*?, (\d+) gradient bytes sent)?")]
    private static partial Regex Summary();

    private sealed record Child(int Exit, string Error);

    private sealed record Row(string Setup, double StepMs, double? CollectiveMs, long? Bytes, double CpuSeconds)
    {
        public static Row From(string setup, IReadOnlyList<Child> children, TimeSpan cpu)
        {
            var matches = children.Select(c => c.Exit == 0 ? Summary().Match(c.Error) : Match.Empty).ToArray();
            if (matches.Any(m => !m.Success))
                throw new InvalidOperationException($"{setup}: a trainer failed or printed no step summary:\n{string.Join("\n", children.Select(c => c.Error))}");
            double Mean(int group) => matches.Average(m => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture));
            return new Row(setup, Mean(3), matches[0].Groups[4].Success ? Mean(4) : null,
                matches[0].Groups[5].Success ? long.Parse(matches[0].Groups[5].Value, CultureInfo.InvariantCulture) : null,
                cpu.TotalSeconds);
        }
    }
}
