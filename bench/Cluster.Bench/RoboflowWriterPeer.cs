using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cluster.Formats.Examples;
using Cluster.Formats.TfRecords;

namespace Cluster.Bench;

/// <summary>
/// The conversion benchmark's peer: <c>bench/node/convert-with-roboflow.js</c>, the npm <c>@roboflow/tfrecords</c> writer
/// turning the same CSV and images into one TFRecord file. Timed like <c>cat</c> (wall clock, and node's CPU from bash's
/// <c>time</c>); its output is then read back with our <see cref="TfRecordReader"/> (every CRC checked) and its first
/// record parsed as a detection Example, so the comparison is of equal work.
/// </summary>
internal static class RoboflowWriterPeer
{
    public sealed record Result(TimeSpan Time, TimeSpan Cpu, long Records, long Bytes, int FirstRecordBoxes);

    private static string Script => Path.Combine(BenchPaths.Root, "bench", "node", "convert-with-roboflow.js");

    private static string Modules => Path.Combine(BenchPaths.Root, "tests", "node_modules");

    public static Result Convert(string manifest, string imagesDir, string output)
    {
        if (!File.Exists(Path.Combine(Modules, "@roboflow", "tfrecords", "package.json")))
        {
            throw new InvalidOperationException($"@roboflow/tfrecords is not installed under {Modules}: run `cd tests && npm ci`");
        }

        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NODE_PATH"] = Modules;
        foreach (var arg in new[] { "-c", "TIMEFORMAT='%U %S'; time node \"$1\" \"$2\" \"$3\" \"$4\"", "bash", Script, manifest, imagesDir, output })
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd().Trim();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node convert-with-roboflow.js exited {process.ExitCode}: {stderr}");
        }

        var times = stderr.Split('\n')[^1].Split(' ');
        var cpu = TimeSpan.FromSeconds(times.Sum(t => double.Parse(t, CultureInfo.InvariantCulture)));
        var said = JsonDocument.Parse(stdout.Result).RootElement;
        var (records, firstBoxes) = ReadBack(output);
        if (records != said.GetProperty("records").GetInt64())
        {
            throw new InvalidOperationException($"node says it wrote {said.GetProperty("records")} records; our reader found {records} in {output}");
        }

        return new Result(clock.Elapsed, cpu, records, new FileInfo(output).Length, firstBoxes);
    }

    /// <summary>Counts the records with our reader (a bad CRC or a torn record throws) and parses the first one.</summary>
    private static (long Records, int FirstRecordBoxes) ReadBack(string path)
    {
        using var reader = TfRecordReader.Open(path);
        long records = 0;
        var firstBoxes = -1;
        while (reader.TryReadNext(out var record))
        {
            if (records++ == 0)
            {
                firstBoxes = DetectionExample.Parse(record.Span).Objects.Count;
            }
        }

        return (records, firstBoxes);
    }
}
