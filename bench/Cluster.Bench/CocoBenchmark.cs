using System.Diagnostics;
using System.Globalization;
using Cluster.Formats.Manifests;

namespace Cluster.Bench;

/// <summary>
/// <c>coco</c>: parse time and peak RSS (VmHWM) of the streaming COCO reader on a generated instances JSON with
/// 1,000,000 boxes over 100,000 images and one with 100,000 boxes over 10,000 images (same density), each parsed in a
/// fresh child process so the peaks are not shared; the large/small peak ratio must be at most 1.2 (issue 3).
/// Options: --large-boxes N (1000000), --large-images N (100000), --small-boxes N (100000), --small-images N (10000),
/// --repeats N (3 children per file; medians are compared), --out PATH (bench/results/coco.md).
/// Hidden: <c>coco --parse FILE</c> is the child.
/// </summary>
internal static class CocoBenchmark
{
    private const double AllowedRatio = 1.2;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchOptions(args);
        if (options.String("--parse", "") is { Length: > 0 } child)
        {
            return await ParseAsync(child);
        }

        var cases = new[]
        {
            new CocoCase("small", options.Int("--small-boxes", 100_000), options.Int("--small-images", 10_000)),
            new CocoCase("large", options.Int("--large-boxes", 1_000_000), options.Int("--large-images", 100_000)),
        };
        var output = options.String("--out", Path.Combine(BenchPaths.Results, "coco.md"));
        var repeats = options.Int("--repeats", 3);
        Directory.CreateDirectory(BenchPaths.Scratch);
        var measured = new List<CocoMeasurement>();
        foreach (var c in cases)
        {
            var path = Path.Combine(BenchPaths.Scratch, $"coco-{c.Boxes}-boxes.json");
            var clock = Stopwatch.StartNew();
            CocoFileGenerator.Write(path, c.Images, c.Boxes);
            var size = new FileInfo(path).Length;
            Console.Error.WriteLine($"coco: generated {c.Name} ({c.Boxes} boxes, {c.Images} images, {size >> 20} MiB) in {clock.Elapsed.TotalSeconds:F1} s");
            var runs = new List<CocoChildResult>();
            for (var i = 0; i < repeats; i++)
            {
                runs.Add(RunChild(path));
                Console.Error.WriteLine($"coco: {c.Name} run {i + 1}: {runs[^1]}");
            }

            File.Delete(path);
            measured.Add(new CocoMeasurement(c, size, runs));
        }

        var report = CocoBenchmarkReport.Render(measured, AllowedRatio);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine(report);
        Console.Error.WriteLine($"written to {output}");
        return measured[1].MedianPeakRssKb <= AllowedRatio * measured[0].MedianPeakRssKb ? 0 : 1;
    }

    /// <summary>The child: drains the reader, then reports boxes, images, seconds and VmHWM on one line of stdout.</summary>
    private static async Task<int> ParseAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        long boxes = 0, images = 0, rejected = 0;
        await foreach (var item in ManifestReaders.ReadAsync(ManifestFormat.Coco, path))
        {
            if (item.Image is { } image)
            {
                images++;
                boxes += image.Boxes.Count;
            }
            else
            {
                rejected++;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{boxes} {images} {rejected} {seconds:F3} {PeakRssKb()}"));
        return 0;
    }

    private static CocoChildResult RunChild(string path)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(CocoBenchmark).Assembly.Location);
        }

        foreach (var arg in new[] { "coco", "--parse", path })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var line = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"parse child failed ({child.ExitCode}): {line}");
        }

        var f = line.Split(' ');
        return new CocoChildResult(long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
            long.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture));
    }

    /// <summary>VmHWM (peak resident set size) of this process, in KiB.</summary>
    private static long PeakRssKb() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)).Single();
}
