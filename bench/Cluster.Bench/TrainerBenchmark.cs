using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cluster.Trainer.Demo;
using Cluster.Trainer.Model;
using Cluster.Trainer.Parallel;
using Cluster.Trainer.Synthetic;
using Cluster.Trainer.Training;

namespace Cluster.Bench;

/// <summary>
/// <c>trainer</c>: (1) median training-step time of Cluster.Trainer (TorchSharp) against the same architecture, loss and
/// optimizer in PyTorch (bench/Cluster.Bench/pytorch/centernet_step.py on /usr/bin/python3 with Debian's python3-torch),
/// same batch, input size and thread count, rounds interleaved; (2) throughput of 2 CPU replicas against 1 at the same
/// global batch; (3) the fraction of step time spent waiting for input in a short shapes run. Options: --batch (32),
/// --size (64), --channels (16), --threads (2), --steps (10 timed per round), --rounds (5), --demo-steps (60),
/// --python (/usr/bin/python3), --out (bench/results/trainer.md).
/// With --time-to-map: instead trains the shapes demo on 2 replicas until held-out mAP@0.5 ≥ 0.9 and reports the time.
/// </summary>
internal static class TrainerBenchmark
{
    /// <summary>Untimed steps before timing, the same number pytorch/centernet_step.py takes (its --warmup default).</summary>
    private const int WarmupSteps = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new BenchOptions(args);
        var batch = o.Int("--batch", 32);
        var size = o.Int("--size", 64);
        var channels = o.Int("--channels", 16);
        var threads = o.Int("--threads", 2);
        var steps = o.Int("--steps", 10);
        var rounds = o.Int("--rounds", 5);
        var python = o.String("--python", "/usr/bin/python3");
        var output = o.String("--out", Path.Combine(BenchPaths.Results, "trainer.md"));
        if (args.Contains("--time-to-map"))
            return await TimeToMapAsync(o, output);

        var config = new DetectorConfig(3, size, size, channels);
        var data = ShapesBatches.Render(new ShapesRenderer(size, size), 1, 0, batch);
        // The machine is shared: every configuration runs in several short interleaved rounds, and both the fastest
        // step (least disturbed) and the median step are reported.
        var torchSharp = new List<double>();
        var pyTorchFastest = new List<double>();
        var pyTorchMedians = new List<double>();
        var pyTorchSingleThread = new List<double>();
        var one = new List<double>();
        var two = new List<double>();
        var oneSingleThread = new List<double>();
        var perThread = Math.Max(1, threads / 2);
        string? pyTorchVersion = null, pyTorchError = null;
        // One untimed round of every TorchSharp configuration first: .NET compiles the hot paths to their final tier
        // during a process's first ~50 steps (in the background, on the same 2 cores), which is start-up, not step time.
        // Each PyTorch round is a fresh process with its own 5 warm-up steps.
        await StepTimesAsync(config, data, replicas: 1, threads, steps);
        await StepTimesAsync(config, data, replicas: 2, perThread, steps);
        await StepTimesAsync(config, data, replicas: 1, 1, steps);
        for (var round = 0; round < rounds; round++)
        {
            torchSharp.AddRange(await StepTimesAsync(config, data, replicas: 1, threads, steps));
            var py = PyTorchStep(python, batch, size, channels, threads, steps);
            if (py.Min is { } min && py.Median is { } median)
            {
                pyTorchFastest.Add(min);
                pyTorchMedians.Add(median);
            }

            pyTorchVersion ??= py.Version;
            pyTorchError ??= py.Error;
            if (PyTorchStep(python, batch, size, channels, 1, steps).Min is { } single)
                pyTorchSingleThread.Add(single);
            one.AddRange(await StepTimesAsync(config, data, replicas: 1, threads, steps));
            two.AddRange(await StepTimesAsync(config, data, replicas: 2, perThread, steps));
            oneSingleThread.AddRange(await StepTimesAsync(config, data, replicas: 1, 1, steps));
            Console.Error.WriteLine($"round {round + 1}: TorchSharp min {torchSharp.Min():F1} ms, PyTorch {(py.Min is { } m ? $"min {m:F1} ms" : py.Error)}, 1×{threads} {one.Min():F1}, 2×{perThread} {two.Min():F1}, 1×1 {oneSingleThread.Min():F1}");
        }

        using var scratch = new ScratchFolder();
        var demo = await ShapesDemo.RunAsync(new ShapesDemoOptions
        {
            OutputDirectory = scratch.Path,
            InputSize = size,
            BaseChannels = channels,
            BatchSize = batch,
            Replicas = 2,
            MaxSteps = o.Int("--demo-steps", 60),
            EvaluateEvery = int.MaxValue,
            HeldOutImages = 32,
        });

        string Ratio(double a, double? b) => b is { } d ? (a / d).ToString("F2", CultureInfo.InvariantCulture) + "×" : "n/a";
        double? pyMin = pyTorchFastest.Count > 0 ? pyTorchFastest.Min() : null;
        double? pyMedian = pyTorchMedians.Count > 0 ? Median(pyTorchMedians) : null;
        double? pySingle = pyTorchSingleThread.Count > 0 ? pyTorchSingleThread.Min() : null;
        var report = $"""
            # Trainer benchmark

            Machine: {Environment.ProcessorCount} cores, shared with other jobs while measured (expect noise: compare the
            "fastest step" columns), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
            Model: CenterNetDetector, 3 classes, input {size}×{size}, base channels {channels}; AdamW; batch {batch}.
            {rounds} interleaved rounds of {steps} timed steps per configuration, each after {WarmupSteps} untimed steps; one
            untimed round of every TorchSharp configuration first (.NET's tiered compilation finishes during it).
            Command: `dotnet run -c Release --project bench/Cluster.Bench -- trainer`

            ## Step time against PyTorch ({threads} threads, 1 replica)

            | implementation | fastest step | median step | TorchSharp / PyTorch (fastest) |
            | --- | ---: | ---: | ---: |
            | TorchSharp 0.107.0 / libtorch 2.10.0 (Cluster.Trainer, incl. C# target encoding) | {torchSharp.Min():F1} ms | {Median(torchSharp):F1} ms | {Ratio(torchSharp.Min(), pyMin)} |
            | PyTorch {pyTorchVersion ?? "(not run)"} (same architecture, loss, optimizer; Debian python3-torch) | {(pyMin is { } q ? $"{q:F1} ms" : "not measured: " + pyTorchError)} | {(pyMedian is { } r ? $"{r:F1} ms" : "")} | 1.00× |

            By median step: {Ratio(Median(torchSharp), pyMedian)}.

            Same comparison at 1 thread: TorchSharp {oneSingleThread.Min():F1} ms, PyTorch {(pySingle is { } u ? $"{u:F1} ms" : "not measured")} fastest step: {Ratio(oneSingleThread.Min(), pySingle)}.

            ## Replica speedup (same global batch {batch})

            | configuration | fastest step | median step | images/s (fastest) | speedup vs 1 replica (fastest) |
            | --- | ---: | ---: | ---: | ---: |
            | 1 replica × {threads} threads | {one.Min():F1} ms | {Median(one):F1} ms | {batch * 1000 / one.Min():F0} | 1.00× |
            | 2 replicas × {perThread} thread(s), all-reduce every step | {two.Min():F1} ms | {Median(two):F1} ms | {batch * 1000 / two.Min():F0} | {one.Min() / two.Min():F2}× |
            | 1 replica × 1 thread | {oneSingleThread.Min():F1} ms | {Median(oneSingleThread):F1} ms | {batch * 1000 / oneSingleThread.Min():F0} | {one.Min() / oneSingleThread.Min():F2}× |

            ## Input wait

            Shapes run, 2 replicas, {demo.Steps} steps, next batch rendered on the thread pool during each step:
            input wait = {demo.InputWaitFraction:P2} of step time.
            """;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report + "\n");
        Console.WriteLine(report);
        Console.Error.WriteLine($"written to {output}");
        return 0;
    }

    private static async Task<int> TimeToMapAsync(BenchOptions o, string output)
    {
        var outDir = o.String("--demo-out", Path.Combine(BenchPaths.Scratch, "shapes-demo"));
        var options = new ShapesDemoOptions
        {
            OutputDirectory = outDir,
            InputSize = o.Int("--size", 64),
            BaseChannels = o.Int("--channels", 16),
            BatchSize = o.Int("--batch", 32),
            Replicas = 2,
            MaxSteps = o.Int("--max-steps", 1500),
            EvaluateEvery = o.Int("--every", 50),
        };
        var demo = await ShapesDemo.RunAsync(options, new Progress<string>(Console.Error.WriteLine));
        var line = demo.TimeToTarget is { } t
            ? $"mAP@0.5 ≥ {options.TargetMap} on {options.HeldOutImages} held-out shapes after {demo.StepsToTarget} steps, {t.TotalSeconds:F0} s of training (2 CPU replicas, input {options.InputSize}, batch {options.BatchSize})"
            : $"mAP@0.5 {demo.FinalMap:F3} after {demo.Steps} steps, {demo.Elapsed.TotalSeconds:F0} s: target {options.TargetMap} not reached";
        var curve = string.Join("\n", demo.Evaluations.Select(e => $"| {e.Step} | {e.At.TotalSeconds:F0} s | {e.Map:F3} |"));
        var text = $"\n## Time to mAP@0.5 ≥ 0.9 on shapes\n\n{line}.\n\n| step | training time | held-out mAP@0.5 |\n| ---: | ---: | ---: |\n{curve}\n";
        await File.AppendAllTextAsync(output, text);
        Console.WriteLine(text);
        return 0;
    }

    private static async Task<List<double>> StepTimesAsync(DetectorConfig config, Cluster.Formats.Pipeline.DecodedBatch data, int replicas, int threads, int steps)
    {
        using var trainer = new DetectorTrainer(new TrainerOptions
        {
            Model = config, Replicas = replicas, BatchSize = data.Count, ThreadsPerReplica = threads, ForceCpu = true,
        });
        for (var i = 0; i < WarmupSteps; i++)
            await trainer.StepAsync(data);
        var times = new List<double>();
        for (var i = 0; i < steps; i++)
            times.Add((await trainer.StepAsync(data)).Elapsed.TotalMilliseconds);
        return times;
    }

    private static (double? Min, double? Median, string? Version, string? Error) PyTorchStep(string python, int batch, int size, int channels, int threads, int steps)
    {
        var script = Path.Combine(BenchPaths.Root, "bench", "Cluster.Bench", "pytorch", "centernet_step.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        // The same malloc thresholds the trainer sets in-process (NativeAllocatorTuning), so both sides run on the same
        // allocator settings (PyTorch's steps change by under 3% with them).
        start.Environment["GLIBC_TUNABLES"] = $"glibc.malloc.trim_threshold={NativeAllocatorTuning.TrimThresholdBytes}:glibc.malloc.mmap_threshold={NativeAllocatorTuning.MmapThresholdBytes}";
        foreach (var a in new[] { script, "--batch", $"{batch}", "--size", $"{size}", "--channels", $"{channels}", "--threads", $"{threads}", "--steps", $"{steps}" })
            start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                return (null, null, null, $"{python} exited {process.ExitCode}: {stderr.Trim().Split('\n')[^1]} (apt-get install -y python3-torch)");
            using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            var root = json.RootElement;
            return (root.GetProperty("min_ms").GetDouble(), root.GetProperty("median_ms").GetDouble(), root.GetProperty("torch").GetString(), null);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, null, null, $"{python}: {e.Message}");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private sealed class ScratchFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"trainer-bench-{Guid.NewGuid():N}");

        public void Dispose()
        {
            if (Directory.Exists(Path))
                Directory.Delete(Path, recursive: true);
        }
    }
}
