using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Cluster.Bench;

/// <summary>Renders bench/results/reader.md from the medians of one <c>reader</c> run.</summary>
internal sealed class ReaderBenchmarkReport(int shards, int rounds)
{
    private readonly List<(string Label, int Records, int Size, long Bytes, Dictionary<string, Sample> Median)> _sets = [];

    public (int Images, int Width, int Height, Sample OneCore, Sample AllCores, int Cores) Decode { get; set; }

    public List<(int Buffer, double Spearman, double Displacement)> Bias { get; set; } = [];

    public void Add(string label, int records, int size, long bytes, Dictionary<string, Sample> median) => _sets.Add((label, records, size, bytes, median));

    public string Render()
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine("# reader benchmark");
        s.AppendLine();
        s.AppendLine(c, $"`dotnet run -c Release --project bench/Cluster.Bench -- reader`: {shards} uncompressed shards per set, median of {rounds} rounds, measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        s.AppendLine(c, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}. Shards are in the page cache, so this is CPU cost over memory-speed I/O (the hard case for the ratio).");
        s.AppendLine("Pipeline: `Interleave(cycle 4, block 1).Shuffle(1024, seed).ForRank(r, W).Batch(32).Load(2 batches at once, records checked in place in the memory-mapped shards).Prefetch(4)`, every record's both CRCs checked, no decoding.");
        s.AppendLine("Baseline `raw`: the same shard files read front to back into a 1 MiB buffer (no framing, no CRC), in the same run.");
        s.AppendLine();
        s.AppendLine("| records | read | wall | records/s | MB/s | × raw (wall) | CPU | records per CPU-s | × raw (CPU) | target |");
        s.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (label, records, size, bytes, median) in _sets)
        {
            var raw = median["raw"];
            void Row(string name, string what, int count, string target)
            {
                var t = median[name];
                var wallRatio = raw.Wall.TotalSeconds / t.Wall.TotalSeconds * count / records;
                var cpu = t.Cpu > TimeSpan.Zero
                    ? string.Create(c, $"{t.Cpu.TotalMilliseconds:F0} ms | {count / t.Cpu.TotalSeconds:F0} | {raw.Cpu.TotalSeconds / t.Cpu.TotalSeconds * count / records:F2}×")
                    : "| |";
                s.AppendLine(c, $"| {records} × ~{size / 1024} KiB ({label}) | {what} | {t.Wall.TotalMilliseconds:F0} ms | {count / t.Wall.TotalSeconds:F0} | {bytes * count / records / 1e6 / t.Wall.TotalSeconds:F0} | {wallRatio:F2}× | {cpu} | {target} |");
            }

            Row("raw", "baseline `raw` (sequential bytes)", records, "");
            Row("cat", "`cat SHARD > /dev/null`, each shard", records, "");
            Row("tfrecord", "TfRecordReader, shards in sequence (both CRCs)", records, "");
            Row("pipeline", "**pipeline**, rank 0 of 1", records, "≥ 0.7×");
            Row("pipeline-pread", "pipeline, one positioned read per record into a pooled buffer (`MemoryMap = false`)", records, "");
            Row("pipeline-load1", "pipeline, load degree 1 (records checked on the prefetch thread)", records, "");
            Row("pipeline-block16", "pipeline, block 16", records, "");
            Row("rank0of4", "pipeline, rank 0 of 4 (reads only its quarter)", (records + 3) / 4, "");
            Row("serial", "same stages on one thread, no ParallelMap/Prefetch", records, "");
            Row("handles", "handles only: interleave+shuffle+batch, no record read", records, "");
        }

        s.AppendLine();
        foreach (var (label, _, _, _, median) in _sets)
        {
            var (raw, seq, pipe) = (median["raw"], median["tfrecord"], median["pipeline"]);
            var wall = raw.Wall.TotalSeconds / pipe.Wall.TotalSeconds;
            var cpu = raw.Cpu.TotalSeconds / pipe.Cpu.TotalSeconds;
            s.AppendLine(c, $"- {label}: pipeline / raw = {wall:F2}× wall, {cpu:F2}× CPU: target ≥ 0.7× {(Math.Max(wall, cpu) >= 0.7 ? "met" : "NOT met")}. " +
                $"Against TfRecordReader reading the shards in sequence with the same CRC checks: {seq.Wall.TotalSeconds / pipe.Wall.TotalSeconds:F2}× wall, {seq.Cpu.TotalSeconds / pipe.Cpu.TotalSeconds:F2}× CPU.");
        }

        s.AppendLine();
        s.AppendLine("`× raw` is records/s over the baseline's records/s (for rank 0 of 4: its quarter of the records, against the baseline reading all). `CPU` is the process's CPU time (all threads, GC included) over the same span: on a shared machine wall-clock depends on what else runs, CPU time much less.");
        s.AppendLine();
        var (images, width, height, one, all, cores) = Decode;
        s.AppendLine("## Decode + resize (trainer side)");
        s.AppendLine();
        s.AppendLine(c, $"{images} JPEGs of {width}×{height} (quality 90, noisy): parse the record, decode (ImageSharp 2.1.13), letterbox to 320×320, seeded flip (p = 0.5), normalize into NCHW floats.");
        s.AppendLine();
        s.AppendLine("| threads | wall | images/s | images/s per core (wall) | images per CPU-second |");
        s.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        s.AppendLine(c, $"| 1 | {one.Wall.TotalMilliseconds:F0} ms | {images / one.Wall.TotalSeconds:F0} | {images / one.Wall.TotalSeconds:F0} | {images / one.Cpu.TotalSeconds:F0} |");
        s.AppendLine(c, $"| {cores} | {all.Wall.TotalMilliseconds:F0} ms | {images / all.Wall.TotalSeconds:F0} | {images / all.Wall.TotalSeconds / cores:F0} | {images / all.Cpu.TotalSeconds:F0} |");
        s.AppendLine();
        s.AppendLine("## Order a small shuffle buffer leaves");
        s.AppendLine();
        s.AppendLine("20000 records entering in order, mean over 5 seeds. A uniform shuffle has Spearman ρ ≈ 0 and mean displacement ≈ 0.333 of the epoch; a buffer of B only lets a record move about B places earlier, so with a small buffer the output order stays close to the input (interleave) order. Pick the buffer against these numbers, or shuffle the shard order (done per epoch) and write shards in random order (the conversion does).");
        s.AppendLine();
        s.AppendLine("| buffer | Spearman ρ (input vs output position) | mean displacement / epoch |");
        s.AppendLine("| ---: | ---: | ---: |");
        foreach (var (buffer, rho, moved) in Bias)
        {
            s.AppendLine(c, $"| {buffer} | {rho:F4} | {moved:F4} |");
        }

        return s.ToString();
    }
}
