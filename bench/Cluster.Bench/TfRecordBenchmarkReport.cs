using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Cluster.Bench;

/// <summary>Renders the <c>tfrecord</c> benchmark as markdown: throughput as ratios to <c>cat</c>, and allocation per record.</summary>
internal static class TfRecordBenchmarkReport
{
    public sealed record Inputs(
        int Records,
        int PayloadSize,
        long Bytes,
        int Rounds,
        IReadOnlyDictionary<string, TimeSpan> Median,
        IReadOnlyList<(string Path, int Records, double PerRecord)> Allocation,
        int GzipRecords,
        long GzipBytes,
        TimeSpan GzipWrite,
        TimeSpan GzipRead);

    public static string Render(Inputs x)
    {
        var s = new StringBuilder();
        void Line(string text) => s.Append(text).Append('\n');
        string F(double v, string format = "F0") => v.ToString(format, CultureInfo.InvariantCulture);
        double MBps(long bytes, TimeSpan t) => bytes / 1e6 / t.TotalSeconds;

        Line("# tfrecord benchmark");
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture,
            $"`dotnet run -c Release --project bench/Cluster.Bench -- tfrecord`: {x.Records} records of {x.PayloadSize} bytes ({F(x.Bytes / 1e6)} MB file), median of {x.Rounds} rounds, measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC."));
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}. The file is in the page cache (no fsync), so this measures CPU cost over memory-speed I/O, the hard case for the ratio."));
        Line("");
        Line("| operation | time | MB/s | records/s | × baseline | target |");
        Line("| --- | ---: | ---: | ---: | ---: | --- |");
        void Row(string name, string key, string baseline, string target)
        {
            var t = x.Median[key];
            var ratio = x.Median[baseline].TotalSeconds / t.TotalSeconds;
            Line($"| {name} | {F(t.TotalMilliseconds)} ms | {F(MBps(x.Bytes, t))} | {F(x.Records / t.TotalSeconds)} | {F(ratio, "F2")}× `{baseline}` | {target} |");
        }

        Row("write (TfRecordWriter.Create, framing + 2 CRCs)", "write", "cat-copy", "≥ 0.5×");
        Row("read + verify (TryReadNext, both CRCs)", "read", "cat-read", "≥ 0.7×");
        Row("read + verify (ReadAllAsync)", "read-async", "cat-read", "≥ 0.7×");
        Line($"| baseline `cat-copy`: `cat FILE > COPY` | {F(x.Median["cat-copy"].TotalMilliseconds)} ms | {F(MBps(x.Bytes, x.Median["cat-copy"]))} | | | |");
        Line($"| baseline `cat-read`: `cat FILE > /dev/null` | {F(x.Median["cat-read"].TotalMilliseconds)} ms | {F(MBps(x.Bytes, x.Median["cat-read"]))} | | | |");
        Line($"| GZIP write, {x.GzipRecords} records (uncompressed MB/s) | {F(x.GzipWrite.TotalMilliseconds)} ms | {F(MBps(x.GzipBytes, x.GzipWrite))} | {F(x.GzipRecords / x.GzipWrite.TotalSeconds)} | | (random payloads: incompressible) |");
        Line($"| GZIP read + verify, {x.GzipRecords} records | {F(x.GzipRead.TotalMilliseconds)} ms | {F(MBps(x.GzipBytes, x.GzipRead))} | {F(x.GzipRecords / x.GzipRead.TotalSeconds)} | | |");
        Line("");
        Line("Bytes allocated per record (`GC.GetTotalAllocatedBytes(precise: true)`, whole operation incl. open/close, after a warm-up run):");
        Line("");
        var counts = x.Allocation.Select(a => a.Records).Distinct().ToList();
        Line("| path | " + string.Join(" | ", counts.Select(c => $"{c} records")) + " |");
        Line("| --- |" + string.Concat(counts.Select(_ => " ---: |")));
        foreach (var path in x.Allocation.Select(a => a.Path).Distinct())
        {
            Line($"| {path} | " + string.Join(" | ", counts.Select(c => F(x.Allocation.First(a => a.Path == path && a.Records == c).PerRecord, "F1") + " B")) + " |");
        }

        return s.ToString();
    }
}
