using System.Diagnostics;
using Cluster.Formats.TfRecords;

namespace Cluster.Bench;

/// <summary>
/// <c>tfrecord</c>: write and read-and-verify throughput for 100 KB records, each divided by <c>cat</c> on the same bytes in
/// the same run, plus bytes allocated per record for 1k and 10k records. Options: --records N (10000), --payload BYTES
/// (102400), --rounds R (5, the median is reported), --out PATH (bench/results/tfrecord.md).
/// </summary>
internal static class TfRecordBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchOptions(args);
        var records = options.Int("--records", 10_000);
        var payloadSize = options.Int("--payload", 100 * 1024);
        var rounds = options.Int("--rounds", 5);
        var output = options.String("--out", Path.Combine(BenchPaths.Results, "tfrecord.md"));
        Directory.CreateDirectory(BenchPaths.Scratch);
        var file = Path.Combine(BenchPaths.Scratch, "bench.tfrecord");
        var copy = Path.Combine(BenchPaths.Scratch, "bench-copy.tfrecord");
        var payloads = Enumerable.Range(0, 8).Select(i => Payload(payloadSize, i)).ToArray();
        var bytes = (long)records * (payloadSize + 16);
        Console.Error.WriteLine($"tfrecord: {records} records of {payloadSize} bytes ({bytes / (1 << 20)} MiB), {rounds} rounds");

        var samples = new Dictionary<string, List<TimeSpan>>();
        void Add(string name, TimeSpan t) => (samples.TryGetValue(name, out var l) ? l : samples[name] = []).Add(t);
        for (var round = 0; round < rounds; round++)
        {
            Add("write", Time(() => Write(file, payloads, records, TfRecordCompression.None)));
            Add("cat-copy", ShellBaseline.CatCopy(file, copy));
            File.Delete(copy);
            Add("read", Time(() => Read(file, records)));
            Add("read-async", await TimeAsync(() => ReadAsync(file, records)));
            Add("cat-read", ShellBaseline.CatRead(file));
            Console.Error.WriteLine($"round {round + 1}: " + string.Join(", ", samples.Select(s => $"{s.Key} {s.Value[^1].TotalMilliseconds:F0} ms")));
        }

        var median = samples.ToDictionary(s => s.Key, s => s.Value.Order().ElementAt(s.Value.Count / 2));
        var allocation = MeasureAllocation(file, payloads, records);
        var gzipRecords = Math.Max(1, records / 10);
        var gzFile = Path.Combine(BenchPaths.Scratch, "bench.tfrecord.gz");
        var gzWrite = Time(() => Write(gzFile, payloads, gzipRecords, TfRecordCompression.Gzip));
        var gzRead = Time(() => Read(gzFile, gzipRecords));
        File.Delete(gzFile);
        File.Delete(file);

        var report = TfRecordBenchmarkReport.Render(new TfRecordBenchmarkReport.Inputs(
            records, payloadSize, bytes, rounds, median, allocation, gzipRecords, (long)gzipRecords * (payloadSize + 16), gzWrite, gzRead));
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine(report);
        Console.Error.WriteLine($"written to {output}");
        return 0;
    }

    private static byte[] Payload(int size, int seed)
    {
        var payload = new byte[size];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static void Write(string path, byte[][] payloads, int records, TfRecordCompression compression)
    {
        using var writer = TfRecordWriter.Create(path, compression);
        for (var i = 0; i < records; i++)
        {
            writer.Write(payloads[i % payloads.Length]);
        }
    }

    private static long Read(string path, int expected)
    {
        using var reader = TfRecordReader.Open(path);
        long sum = 0;
        while (reader.TryReadNext(out var record))
        {
            sum += record.Length;
        }

        return reader.RecordCount == expected ? sum : throw new InvalidOperationException($"read {reader.RecordCount} records, expected {expected}");
    }

    private static async Task<long> ReadAsync(string path, int expected)
    {
        await using var reader = TfRecordReader.Open(path);
        long sum = 0;
        await foreach (var record in reader.ReadAllAsync())
        {
            sum += record.Data.Length;
        }

        return reader.RecordCount == expected ? sum : throw new InvalidOperationException($"read {reader.RecordCount} records, expected {expected}");
    }

    /// <summary>Bytes allocated per record by writing and by reading 1k and N records (everything counted, whole process).</summary>
    private static IReadOnlyList<(string Path, int Records, double PerRecord)> MeasureAllocation(string file, byte[][] payloads, int records)
    {
        var result = new List<(string, int, double)>();
        var small = Path.Combine(BenchPaths.Scratch, "alloc-1k.tfrecord");
        foreach (var (path, count) in new[] { (small, Math.Min(1000, records)), (file, records) })
        {
            result.Add(("write", count, Allocated(() => Write(path, payloads, count, TfRecordCompression.None)) / (double)count));
            result.Add(("read+verify", count, Allocated(() => Read(path, count)) / (double)count));
            result.Add(("read+verify async", count, Allocated(() => ReadAsync(path, count).GetAwaiter().GetResult()) / (double)count));
        }

        File.Delete(small);
        return result;
    }

    private static long Allocated(Action action)
    {
        action(); // warm up: JIT, pools
        var before = GC.GetTotalAllocatedBytes(precise: true);
        action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static TimeSpan Time(Action action)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task<long>> action)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }
}
