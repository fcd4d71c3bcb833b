using System.Diagnostics;
using Cluster.Formats.Examples;
using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Bench;

/// <summary>
/// <c>reader</c>: records/s of the reading pipeline (interleave + shuffle + batch + load + prefetch, no decoding) divided
/// by a sequential raw read of the same shard bytes in the same run, for large and small records; the same for rank 0
/// of 4; decode + letterbox images/s per core; and the order left by small shuffle buffers. Options: --shards N (8),
/// --records N (8000 large records, 5× as many small), --rounds R (3, the median is reported), --images N (400),
/// --out PATH (bench/results/reader.md).
/// </summary>
internal static class ReaderBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchOptions(args);
        var shards = options.Int("--shards", 8);
        var records = options.Int("--records", 8000);
        var rounds = options.Int("--rounds", 3);
        var images = options.Int("--images", 400);
        var output = options.String("--out", Path.Combine(BenchPaths.Results, "reader.md"));
        var scratch = Path.Combine(BenchPaths.Scratch, "reader");
        Directory.CreateDirectory(scratch);
        try
        {
            var report = new ReaderBenchmarkReport(shards, rounds);
            foreach (var (label, count, size) in new[] { ("large", records, 64 * 1024), ("small", records * 5, 4 * 1024) })
            {
                var folder = Path.Combine(scratch, label);
                var files = WriteShards(folder, shards, count, size);
                var bytes = files.Sum(f => new FileInfo(f).Length);
                Console.Error.WriteLine($"reader: {label}: {count} records of ~{size} bytes in {shards} shards ({bytes >> 20} MiB)");
                report.Add(label, count, size, bytes, await MeasureAsync(folder, files, count, rounds));
            }

            report.Decode = await MeasureDecodeAsync(images);
            report.Bias = MeasureShuffleBias(20_000, [100, 1_000, 10_000]);
            var text = report.Render();
            await File.WriteAllTextAsync(output, text);
            Console.WriteLine(text);
            Console.Error.WriteLine($"written to {output}");
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string[] WriteShards(string folder, int shards, int records, int size)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(1);
        var payloads = Enumerable.Range(0, 16).Select(_ =>
        {
            var p = new byte[random.Next(size / 2, size * 3 / 2)];
            random.NextBytes(p);
            return p;
        }).ToArray();
        var files = new string[shards];
        for (var s = 0; s < shards; s++)
        {
            files[s] = Path.Combine(folder, ShardNames.Format("bench", s, shards));
            var index = new List<(long, long)>();
            using (var writer = TfRecordWriter.Create(files[s]))
            {
                for (var i = s; i < records; i += shards)
                {
                    var payload = payloads[i % payloads.Length];
                    index.Add((writer.Write(payload), payload.Length + 16L));
                }
            }

            Cluster.Formats.Indexes.TfRecordIndex.Write(files[s] + ".idx", index); // as the conversion writes beside each shard
        }

        return files;
    }

    private static async Task<Dictionary<string, Sample>> MeasureAsync(string folder, string[] files, int records, int rounds)
    {
        var samples = new Dictionary<string, List<Sample>>();
        void Add(string name, Sample t) => (samples.TryGetValue(name, out var l) ? l : samples[name] = []).Add(t);
        var pipeline = new ReaderOptions { Seed = 1, BatchSize = 32, CycleLength = 4, ShuffleBuffer = 1024, LoadDegree = 2, PrefetchDepth = 4 };
        await ReadPipelineAsync(folder, pipeline, records); // warm up: JIT, page cache
        for (var round = 0; round < rounds; round++)
        {
            Add("raw", Time(() => RawRead(files)));
            Add("cat", new Sample(files.Aggregate(TimeSpan.Zero, (t, f) => t + ShellBaseline.CatRead(f)), TimeSpan.Zero));
            Add("tfrecord", Time(() => SequentialRead(files, records)));
            Add("pipeline", await TimeAsync(() => ReadPipelineAsync(folder, pipeline, records)));
            Add("pipeline-pread", await TimeAsync(() => ReadPipelineAsync(folder, pipeline with { MemoryMap = false }, records)));
            Add("pipeline-load1", await TimeAsync(() => ReadPipelineAsync(folder, pipeline with { LoadDegree = 1 }, records)));
            Add("pipeline-block16", await TimeAsync(() => ReadPipelineAsync(folder, pipeline with { BlockLength = 16 }, records)));
            Add("rank0of4", await TimeAsync(() => ReadPipelineAsync(folder, pipeline with { World = 4 }, (records + 3) / 4)));
            Add("handles", await TimeAsync(() => CountHandlesAsync(folder, pipeline, records, load: false)));
            Add("serial", await TimeAsync(() => CountHandlesAsync(folder, pipeline, records, load: true)));
            Console.Error.WriteLine($"round {round + 1}: " + string.Join(", ", samples.Select(s =>
                $"{s.Key} {s.Value[^1].Wall.TotalMilliseconds:F0} ms (cpu {s.Value[^1].Cpu.TotalMilliseconds:F0})")));
        }

        return samples.ToDictionary(s => s.Key, s => new Sample(
            s.Value.Select(v => v.Wall).Order().ElementAt(s.Value.Count / 2), s.Value.Select(v => v.Cpu).Order().ElementAt(s.Value.Count / 2)));
    }

    /// <summary>The pipeline up to the batches of handles, then each batch loaded on the calling thread (or not loaded at all).</summary>
    private static async Task<long> CountHandlesAsync(string folder, ReaderOptions options, int expected, bool load)
    {
        await using var shards = ShardSource.FromDataset(folder, options.Seed);
        var stage = shards.Interleave(options.CycleLength, options.BlockLength).Shuffle(options.ShuffleBuffer, options.Seed)
            .ForRank(0, 1).Batch(options.BatchSize);
        var loader = new RecordLoader(shards.Catalog);
        long count = 0;
        while (await stage.MoveNextAsync())
        {
            if (load)
            {
                using var batch = loader.Load(stage.Current);
                count += batch.Count;
            }
            else
            {
                count += stage.Current.Count;
            }
        }

        return count == expected ? count : throw new InvalidOperationException($"handles: {count}, expected {expected}");
    }

    /// <summary>The baseline: every shard read front to back into a 1 MiB buffer, no framing, no CRC.</summary>
    private static long RawRead(string[] files)
    {
        var buffer = new byte[1 << 20];
        long total = 0;
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                total += n;
            }
        }

        return total;
    }

    private static long SequentialRead(string[] files, int expected)
    {
        long count = 0;
        foreach (var file in files)
        {
            using var reader = TfRecordReader.Open(file);
            while (reader.TryReadNext(out _))
            {
                count++;
            }
        }

        return count == expected ? count : throw new InvalidOperationException($"read {count} records, expected {expected}");
    }

    private static async Task<long> ReadPipelineAsync(string folder, ReaderOptions options, int expected)
    {
        await using var reader = ReaderPipeline.Open(folder, options, out _);
        long count = 0;
        while (await reader.MoveNextAsync())
        {
            count += reader.Current.Count;
            reader.Current.Dispose();
        }

        return count == expected ? count : throw new InvalidOperationException($"pipeline read {count} records, expected {expected}");
    }

    private static async Task<(int Images, int Width, int Height, Sample OneCore, Sample AllCores, int Cores)> MeasureDecodeAsync(int images)
    {
        var random = new Random(2);
        var jpegs = Enumerable.Range(0, 16).Select(i => Jpeg(640, 480, random)).ToArray();
        var batch = new RecordBatch([.. Enumerable.Range(0, images).Select(i => new ShardRecord(new RecordHandle(0, i, 0, 0), "bench",
            new DetectionExample { SourceId = $"{i}", Width = 640, Height = 480, Encoded = jpegs[i % jpegs.Length],
                Objects = [new DetectionObject(0.1f, 0.5f, 0.2f, 0.6f, "x", 1)] }.ToByteArray()))], images);
        var decoder = new BatchDecoder(new DecodeOptions { Width = 320, Height = 320, FlipProbability = 0.5 });
        var cores = Environment.ProcessorCount;
        var chunks = batch.Records.Chunk((images + cores - 1) / cores).Select(c => new RecordBatch(c, c.Length)).ToArray();
        decoder.Decode(new RecordBatch(batch.Records.Take(8).ToList(), 8), new float[8 * decoder.ImageLength]); // warm up
        var one = Time(() =>
        {
            var buffer = new float[decoder.ImageLength];
            foreach (var record in batch.Records)
            {
                decoder.Decode(new RecordBatch([record], 1), buffer);
            }

            return 0;
        });
        var all = await TimeAsync(async () =>
        {
            await Task.WhenAll(chunks.Select(c => Task.Run(() =>
            {
                var buffer = new float[decoder.ImageLength];
                foreach (var record in c.Records)
                {
                    decoder.Decode(new RecordBatch([record], 1), buffer);
                }
            })));
            return 0;
        });
        return (images, 640, 480, one, all, cores);
    }

    private static byte[] Jpeg(int width, int height, Random random)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(x + random.Next(32)), (byte)(y + random.Next(32)), (byte)((x ^ y) + random.Next(32)));
                }
            }
        });
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    /// <summary>
    /// How much order a shuffle leaves: <c>records</c> items in input order through a shuffle of each buffer size,
    /// Spearman correlation of input and output position (0 for a uniform shuffle) and the mean distance an item moves
    /// as a fraction of the epoch (1/3 for a uniform shuffle), averaged over 5 seeds.
    /// </summary>
    private static List<(int Buffer, double Spearman, double Displacement)> MeasureShuffleBias(int records, int[] buffers)
    {
        var result = new List<(int, double, double)>();
        foreach (var buffer in buffers.Append(records))
        {
            double rho = 0, moved = 0;
            for (var seed = 0; seed < 5; seed++)
            {
                var stage = new ArrayStage([.. Enumerable.Range(0, records)]).Shuffle(buffer, seed);
                var output = stage.ToListAsync().GetAwaiter().GetResult();
                double d2 = 0, d = 0;
                for (var position = 0; position < output.Count; position++)
                {
                    var delta = (double)(position - output[position]);
                    d2 += delta * delta;
                    d += Math.Abs(delta);
                }

                rho += 1 - 6 * d2 / ((double)records * ((double)records * records - 1));
                moved += d / records / records;
            }

            result.Add((buffer, rho / 5, moved / 5));
        }

        return result;
    }

    private static Sample Time(Func<long> action)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        return new Sample(clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static async Task<Sample> TimeAsync(Func<Task<long>> action)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await action();
        return new Sample(clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }
}
