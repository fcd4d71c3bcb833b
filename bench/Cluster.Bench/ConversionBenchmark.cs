using System.Diagnostics;
using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Bench;

/// <summary>
/// <c>conversion</c>: images/s of <c>cluster convert</c> (CSV manifest, JPEG pass-through, 16 shards) on 1 and on 2
/// <c>cluster-silo</c> processes (a first job on fresh silos, then a second on the same ones), against <c>cat</c> of the
/// same image bytes into one file and against the npm <c>@roboflow/tfrecords</c> writer doing the same conversion, in one
/// run; and peak RSS per silo at two job sizes. Options: --images N (10000), --rss-images N (100000), --rss-kb KB (8), --out PATH.
/// </summary>
internal static class ConversionBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchOptions(args);
        var images = options.Int("--images", 10_000);
        var rssImages = options.Int("--rss-images", 100_000);
        var rssKb = options.Int("--rss-kb", 8);
        var output = options.String("--out", Path.Combine(BenchPaths.Results, "conversion.md"));
        var scratch = Path.Combine(BenchPaths.Scratch, "conversion");
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        Directory.CreateDirectory(scratch);
        try
        {
            var loadBefore = LoadAverage();
            var jpeg = NoiseJpeg(100 * 1024);
            var data = Dataset(Path.Combine(scratch, "big"), images, jpeg);
            Console.Error.WriteLine($"conversion: {images} images of {jpeg.Length} bytes");
            var cat = CatAll(data.Images, Path.Combine(scratch, "cat.out"), fsync: false);
            File.Delete(Path.Combine(scratch, "cat.out"));
            var catSync = CatAll(data.Images, Path.Combine(scratch, "cat.out"), fsync: true);
            File.Delete(Path.Combine(scratch, "cat.out"));
            var node = RoboflowWriterPeer.Convert(data.Manifest, data.Images, Path.Combine(scratch, "node.tfrecord"));
            File.Delete(Path.Combine(scratch, "node.tfrecord"));
            Console.Error.WriteLine($"node @roboflow/tfrecords: {node.Time.TotalSeconds:F1} s, CPU {node.Cpu.TotalSeconds:F1} s, {node.Records} records, {node.Bytes} bytes");
            var one = await ConvertAsync(data, 1, Path.Combine(scratch, "out1"), secondJob: true);
            var two = await ConvertAsync(data, 2, Path.Combine(scratch, "out2"), secondJob: true);
            Directory.Delete(Path.Combine(scratch, "big"), recursive: true);

            var small = NoiseJpeg(rssKb * 1024);
            var rssSmall = (await ConvertAsync(Dataset(Path.Combine(scratch, "rss-a"), rssImages / 10, small), 1, Path.Combine(scratch, "rss-out-a"), secondJob: false)).First;
            Directory.Delete(Path.Combine(scratch, "rss-a"), recursive: true);
            var rssLarge = (await ConvertAsync(Dataset(Path.Combine(scratch, "rss-b"), rssImages, small), 1, Path.Combine(scratch, "rss-out-b"), secondJob: false)).First;
            var load = $"{loadBefore} at the start, {LoadAverage()} at the end";

            var report = Report(images, jpeg.Length, cat, catSync, node, one, two, rssImages, small.Length, rssSmall, rssLarge, load);
            File.WriteAllText(output, report);
            Console.Out.Write(report);
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private sealed record Data(string Manifest, string Images, int Count, long Bytes);

    private sealed record Run(int Silos, TimeSpan Time, IReadOnlyList<double> PeakRssMiB, TimeSpan SiloCpu, long ShardBytes);

    /// <summary>The first job on freshly started silos and, when asked, a second job (same input, another output folder)
    /// on the same silos.</summary>
    private sealed record Runs(Run First, Run? Second, TimeSpan ClientStart);

    /// <summary>/proc/loadavg's 1, 5 and 15 minute averages.</summary>
    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private sealed record Timed(TimeSpan Time, TimeSpan Cpu);

    private static byte[] NoiseJpeg(int targetBytes)
    {
        var random = new Random(7);
        for (var side = 64; ; side += 16)
        {
            var pixels = new byte[side * side * 3];
            random.NextBytes(pixels);
            using var image = Image.LoadPixelData<Rgb24>(pixels, side, side);
            using var stream = new MemoryStream();
            image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 });
            if (stream.Length >= targetBytes)
            {
                return stream.ToArray();
            }
        }
    }

    /// <summary>N files with the same JPEG bytes (pass-through does the same work for each) and a CSV of one box each.</summary>
    private static Data Dataset(string root, int count, byte[] jpeg)
    {
        var imagesDir = Path.Combine(root, "images");
        Directory.CreateDirectory(imagesDir);
        var csv = new StringBuilder("filename,width,height,class,xmin,ymin,xmax,ymax\n");
        var info = Image.Identify(jpeg);
        for (var i = 0; i < count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"b-{i:D6}.jpg");
            File.WriteAllBytes(Path.Combine(imagesDir, name), jpeg);
            csv.Append(CultureInfo.InvariantCulture, $"{name},{info.Width},{info.Height},thing,1,1,{info.Width / 2},{info.Height / 2}\n");
        }

        var manifest = Path.Combine(root, "labels.csv");
        File.WriteAllText(manifest, csv.ToString());
        return new Data(manifest, imagesDir, count, (long)count * jpeg.Length);
    }

    /// <summary><c>cat</c> of every image into one file; with <paramref name="fsync"/> then <c>sync FILE</c> (an fsync, as every
    /// shard gets before it is published).</summary>
    private static Timed CatAll(string imagesDir, string destination, bool fsync)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", "TIMEFORMAT='%U %S'; time (find \"$1\" -name '*.jpg' -print0 | xargs -0 cat > \"$2\"" + (fsync ? " && sync \"$2\")" : ")"), "bash", imagesDir, destination })
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var times = process.StandardError.ReadToEnd().Trim().Split(' ');
        process.WaitForExit();
        clock.Stop();
        return process.ExitCode == 0
            ? new Timed(clock.Elapsed, TimeSpan.FromSeconds(times.Sum(t => double.Parse(t, CultureInfo.InvariantCulture))))
            : throw new InvalidOperationException($"cat exited {process.ExitCode}");
    }

    private static async Task<Runs> ConvertAsync(Data data, int silos, string outDir, bool secondJob)
    {
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var started = new List<BenchSilo>();
        try
        {
            started.Add(await BenchSilo.StartAsync(clusterId, null));
            for (var i = 1; i < silos; i++)
            {
                started.Add(await BenchSilo.StartAsync(clusterId, started[0].SiloPort));
            }

            var first = await JobAsync(data, clusterId, started, outDir, "first job");
            var second = secondJob ? await JobAsync(data, clusterId, started, outDir + "-second", "second job") : null;
            return new Runs(first, second, secondJob ? await ClientStartAsync(clusterId, started) : TimeSpan.Zero);
        }
        finally
        {
            foreach (var silo in started)
            {
                silo.Dispose();
            }
        }
    }

    /// <summary>The fixed part of every job's wall clock: <c>cluster status</c> of a job that does not exist (start the
    /// client, connect to the gateways, one grain call, exit), against the same silos.</summary>
    private static async Task<TimeSpan> ClientStartAsync(string clusterId, List<BenchSilo> started)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Cluster__ClusterId"] = clusterId;
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "cluster.dll"), "status", "no-such-job", "--cluster", $"127.0.0.1:{started[0].GatewayPort}" })
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        _ = await stdout;
        return stderr.Contains("no-such-job", StringComparison.Ordinal)
            ? clock.Elapsed
            : throw new InvalidOperationException($"cluster status exited {process.ExitCode} without naming the job: {stderr}");
    }

    private static async Task<Run> JobAsync(Data data, string clusterId, List<BenchSilo> started, string outDir, string what)
    {
        try
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["Cluster__ClusterId"] = clusterId;
            foreach (var arg in new[]
                     {
                         Path.Combine(AppContext.BaseDirectory, "cluster.dll"), "convert", "--format", "csv", "--manifest", data.Manifest, "--images", data.Images,
                         "--out", outDir, "--shards", "16", "--cluster", string.Join(',', started.Select(s => $"127.0.0.1:{s.GatewayPort}")),
                     })
            {
                start.ArgumentList.Add(arg);
            }

            var cpuBefore = started.Select(s => s.CpuTime()).ToList();
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            clock.Stop();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"cluster convert exited {process.ExitCode}: {await stdout}{await stderr}");
            }

            var siloCpu = started.Select((s, i) => s.CpuTime() - cpuBefore[i]).Aggregate(TimeSpan.Zero, (a, b) => a + b);
            var shardBytes = Directory.EnumerateFiles(outDir, "*.tfrecord").Sum(f => new FileInfo(f).Length);
            Console.Error.WriteLine($"{data.Count} images on {started.Count} silo(s), {what}: {clock.Elapsed.TotalSeconds:F1} s, silo CPU {siloCpu.TotalSeconds:F1} s, {shardBytes} shard bytes; {(await stdout).Trim()}");
            return new Run(started.Count, clock.Elapsed, started.Select(s => s.PeakRssMiB()).ToList(), siloCpu, shardBytes);
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    private static string Report(int images, int jpegBytes, Timed cat, Timed catSync, RoboflowWriterPeer.Result node, Runs one, Runs two,
        int rssImages, int smallBytes, Run rssSmall, Run rssLarge, string load)
    {
        double Rate(TimeSpan t, int n) => n / t.TotalSeconds;
        string Row(string what, TimeSpan t, TimeSpan cpu) => string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {t.TotalMilliseconds:F0} ms | {Rate(t, images):F0} | {images * (double)jpegBytes / (1 << 20) / t.TotalSeconds:F0} | {cat.Time.TotalSeconds / t.TotalSeconds:F2}× | {node.Time.TotalSeconds / t.TotalSeconds:F1}× | {cpu.TotalMilliseconds:F0} ms | {Rate(cpu, images):F0} | {cat.Cpu.TotalSeconds / cpu.TotalSeconds:F2}× | {node.Cpu.TotalSeconds / cpu.TotalSeconds:F1}× |\n");
        string Job(string what, Run run) => Row(what, run.Time, run.SiloCpu);
        var machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        return string.Create(CultureInfo.InvariantCulture, $"""
            # conversion benchmark

            `dotnet run -c Release --project bench/Cluster.Bench -- conversion`: {images} JPEGs of {jpegBytes} bytes (the same
            noise image in every file; JPEG pass-through), CSV manifest, 16 shards, measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
            Machine: {machine}; load average (1, 5, 15 min) {load}. Times are the wall clock of `cluster convert --cluster ...`
            against silos already running (client start, planning, writing, fsync of every shard, summary): the first job on
            freshly started silos (their code still being compiled), then a second job (same input, another output folder) on the
            same silos. `cat` copies the same image bytes into one file (no fsync). The Node row is the npm `@roboflow/tfrecords`
            writer (`bench/node/convert-with-roboflow.js`) doing the same conversion, same images and boxes with the same OD API
            keys, into one file with one fsync; read back with our reader: {node.Records} records, {node.Bytes} bytes (our 16
            shards: {one.First.ShardBytes} bytes), {node.FirstRecordBoxes} box in the first. Files are in the page cache. CPU is the silo
            processes' CPU time (user + system, all threads, GC included) over the same span, `cat`'s (find, xargs, cat) and
            node's; on a shared machine wall clock depends on what else runs, CPU time much less. × columns: how many times
            faster than `cat` / than the Node writer (images/s, or images per CPU-second).

            | run | time | images/s | MB/s of images | × `cat` | × Node | CPU | images per CPU-s | × `cat` (CPU) | × Node (CPU) |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            {Job("1 silo process, first job", one.First)}{Job("1 silo process, second job", one.Second!)}{Job("2 silo processes, first job", two.First)}{Job("2 silo processes, second job", two.Second!)}{Row("baseline: `cat` of every image file > FILE", cat.Time, cat.Cpu)}{Row("`cat` of every image file > FILE, then `sync FILE` (fsync)", catSync.Time, catSync.Cpu)}{Row("peer: npm `@roboflow/tfrecords` writer under node, one file, fsync", node.Time, node.Cpu)}
            Fixed part of each job's wall clock: `cluster status` of a missing job (client start, connect, one call) took
            {one.ClientStart.TotalMilliseconds:F0} ms against 1 silo and {two.ClientStart.TotalMilliseconds:F0} ms against 2, in the same run.

            Peak RSS (VmHWM) per silo after both jobs: 1 silo {string.Join(", ", one.Second!.PeakRssMiB.Select(r => $"{r:F0} MiB"))}; 2 silos {string.Join(", ", two.Second!.PeakRssMiB.Select(r => $"{r:F0} MiB"))}.

            Peak RSS of one silo as the job grows ({smallBytes}-byte images, 16 shards, one job on a fresh silo):

            | images | time | peak RSS |
            | ---: | ---: | ---: |
            | {rssImages / 10} | {rssSmall.Time.TotalSeconds:F1} s | {rssSmall.PeakRssMiB[0]:F0} MiB |
            | {rssImages} | {rssLarge.Time.TotalSeconds:F1} s | {rssLarge.PeakRssMiB[0]:F0} MiB |

            """);
    }
}
